// Accounts front-end end to end, in Chromium against the real server (--demo):
//  1. an asesi registers on /daftar (client and server field errors shown at the field), signs in
//     on /masuk, sees the asesi navigation, is refused an admin page, signs out;
//  2. the demo admin creates a staff account with role asesor on /admin/akun and reads the
//     one-time password from the page;
//  3. the admin adds role komite_teknis to that account;
//  4. the staff member signs in with the one-time password, is forced to /ganti-sandi, sets a new
//     password and sees navigation for their roles and no admin menu; the language switch works;
//  5. at 360 px the sign-in and registration pages have no horizontal scroll;
//  6. password reset: /lupa-sandi, the token read on /admin/kotak-keluar, /atur-sandi, sign-in.
// Every wait is for page content, never for a time. Prints "N passed, M failed".

import { launchBrowser, newPage } from './lib/browser.mjs';
import { StepAbort, createChecks } from './lib/check.mjs';
import { startServer } from './lib/server.mjs';

const T = createChecks();
const problems = [];
const DEMO_PASSWORD = 'Demo-Ujikom-2026';
const ADMIN_EMAIL = 'admin@demo.ujikom.id';
const DESKTOP = { viewport: { width: 1280, height: 800 } };

const asesi = {
  name: 'Siti Rahmawati',
  nik: '3171015501900001', // DKI Jakarta, a woman born 15 January 1990
  email: 'siti.rahmawati@contoh.id',
  phone: '081234567890',
  password: 'Sertifikasi-Kompeten-77',
  newPassword: 'Sandi-Baru-Asesi-2026',
};
const staff = {
  name: 'Budi Santoso',
  email: 'budi.santoso@contoh.id',
  phone: '0812-9876-5432',
  newPassword: 'Kompetensi-Asesor-2026',
};

let server = null;
let browser = null;

const ready = (page) => page.waitForSelector('body[data-ready]');
const text = async (page, sel) => ((await page.locator(sel).first().textContent()) || '').trim();
const count = (page, sel) => page.locator(sel).count();
const pathIs = (p) => (url) => url.pathname === p;

async function signIn(page, email, password, next) {
  await page.goto(server.base + '/masuk' + (next ? `?next=${encodeURIComponent(next)}` : ''));
  await ready(page);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.click('#login-form button[type=submit]');
}

async function step1Asesi() {
  const { page } = await newPage(browser, problems, DESKTOP);
  await page.goto(server.base + '/daftar');
  await ready(page);
  T.check('daftar: page is in Bahasa Indonesia (<html lang="id">)', (await page.evaluate(() => document.documentElement.lang)) === 'id');
  T.check('daftar: heading "Daftar sebagai asesi"', (await text(page, 'h1')) === 'Daftar sebagai asesi');

  // An empty form: errors at the fields, nothing sent.
  await page.click('#register-form button[type=submit]');
  await T.checkWait(
    'daftar: empty submit marks the NIK field invalid with a message',
    page.waitForFunction(() => document.querySelector('#nik').getAttribute('aria-invalid') === 'true' && document.querySelector('#nik-error').textContent.trim() !== ''),
  );
  T.check('daftar: focus moves to the first invalid field', (await page.evaluate(() => document.activeElement.id)) === 'name');

  // A server-side refusal lands next to its field.
  await page.fill('#name', asesi.name);
  await page.fill('#nik', asesi.nik);
  await page.fill('#email', asesi.email);
  await page.fill('#phone', '12345');
  await page.fill('#password', asesi.password);
  await page.fill('#password_confirm', asesi.password);
  await page.click('#register-form button[type=submit]');
  await T.checkWait(
    'daftar: the server\'s phone error is shown at the phone field',
    page.waitForFunction(() => document.querySelector('#phone').getAttribute('aria-invalid') === 'true' && document.querySelector('#phone-error').textContent.trim() !== ''),
  );
  T.check('daftar: general error area (role=alert) says what to do', (await text(page, '#register-form [data-form-error]')) !== '');
  T.check('daftar: other fields are not marked', (await count(page, '#register-form [aria-invalid="true"]')) === 1);
  T.check('daftar: submit button is enabled again after the error', await page.isEnabled('#register-form button[type=submit]'));

  await page.fill('#phone', asesi.phone);
  await page.click('#register-form button[type=submit]');
  await T.checkWait('daftar: registration continues to /masuk', page.waitForURL((u) => u.pathname === '/masuk' && u.searchParams.has('terdaftar')));
  await ready(page);
  T.check('masuk: registration notice shown', (await text(page, '#notice')).includes('Pendaftaran berhasil'));
  T.check('masuk: email filled in', (await page.inputValue('#email')) === asesi.email);

  // Wrong password: a general error, no redirect.
  await page.fill('#password', 'Salah-Sekali-123');
  await page.click('#login-form button[type=submit]');
  await T.checkWait(
    'masuk: wrong password shows the server message',
    page.waitForFunction(() => document.querySelector('#login-form [data-form-error]').textContent.trim() !== ''),
  );
  T.check('masuk: still on /masuk after a wrong password', new URL(page.url()).pathname === '/masuk');

  await page.fill('#password', asesi.password);
  await page.click('#login-form button[type=submit]');
  await T.checkWait('masuk: asesi signs in and lands on /', page.waitForURL(pathIs('/')));
  await ready(page);
  T.check('nav: "Akun saya" link present', (await text(page, '[data-nav=account]')) === 'Akun saya');
  T.check('nav: signed-in role is Asesi', (await text(page, '.whoami-roles')) === 'Asesi');
  T.check('nav: no admin menu for an asesi', (await count(page, '[data-nav-group=admin]')) === 0);
  T.check('nav: no sign-in link once signed in', (await count(page, '[data-nav=login]')) === 0);
  T.check('beranda: welcome names the asesi', (await text(page, '#welcome-title')).includes(asesi.name));

  await page.goto(server.base + '/admin/akun');
  await ready(page);
  T.check('admin/akun: refused to an asesi with a message', (await text(page, '#main')).includes('tidak memiliki izin'));
  T.check('admin/akun: no account table for an asesi', (await count(page, '#accounts')) === 0);

  await page.goto(server.base + '/akun');
  await ready(page);
  T.check('akun: profile shows the email', (await text(page, '#p-email')) === asesi.email);
  await T.checkWait('akun: session list marks this session', page.locator('#sessions tbody', { hasText: 'Sesi ini' }).waitFor());

  await page.click('[data-nav=logout]');
  await T.checkWait('keluar: back on /masuk', page.waitForURL((u) => u.pathname === '/masuk' && u.searchParams.has('keluar')));
  await ready(page);
  T.check('keluar: "Anda telah keluar." shown', (await text(page, '#notice')) === 'Anda telah keluar.');

  await page.goto(server.base + '/akun');
  await T.checkWait('akun: signed out, a protected page redirects to /masuk?next=/akun', page.waitForURL((u) => u.pathname === '/masuk' && u.searchParams.get('next') === '/akun'));
  await page.context().close();
}

async function step2and3Admin() {
  const { page } = await newPage(browser, problems, DESKTOP);
  await signIn(page, ADMIN_EMAIL, DEMO_PASSWORD, '/admin/akun');
  await T.checkWait('admin: sign-in follows ?next= to /admin/akun', page.waitForURL(pathIs('/admin/akun')));
  await ready(page);
  T.check('admin: admin menu has the four account pages', (await count(page, '[data-nav-group=admin] a')) === 4);
  T.check('admin: current page marked in the nav', (await page.getAttribute('[data-nav=admin-accounts]', 'aria-current')) === 'page');

  await page.click('#create-section summary');
  await page.fill('#c-email', staff.email);
  await page.fill('#c-name', staff.name);
  await page.fill('#c-phone', staff.phone);
  await page.check('#c-role-asesor');
  await page.click('#create-form button[type=submit]');
  await T.checkWait('admin: one-time password box appears', page.waitForSelector('#otp-box:not([hidden])'));
  const otp = await text(page, '#otp-value');
  T.require('admin: one-time password read from the page', otp.length >= 8, `got "${otp}"`);
  T.check('admin: the box names the new account', (await text(page, '#otp-text')).includes(staff.email));
  await page.click('#otp-done');
  T.check('admin: "Selesai" removes the password from the page', (await text(page, '#otp-value')) === '' && (await page.isHidden('#otp-box')));

  // The same email again: the server's conflict is shown at the email field.
  await page.fill('#c-email', staff.email);
  await page.fill('#c-name', staff.name);
  await page.fill('#c-phone', staff.phone);
  await page.check('#c-role-asesor');
  await page.click('#create-form button[type=submit]');
  await T.checkWait(
    'admin: duplicate email error shown at the email field',
    page.waitForFunction(() => document.querySelector('#c-email').getAttribute('aria-invalid') === 'true' && document.querySelector('#c-email-error').textContent.trim() !== ''),
  );

  // 3. add komite_teknis
  await page.fill('#q', staff.email);
  await page.click('#search-form button[type=submit]');
  const row = page.locator(`tr[data-email="${staff.email}"]`);
  await T.checkWait('admin: search finds the new account', row.waitFor());
  T.check('admin: new account listed with role asesor', (await row.locator('[data-role=asesor]').count()) === 1);
  await row.locator('button[data-manage]').click();
  await T.checkWait('admin: account dialog opens', page.waitForSelector('dialog#detail[open]'));
  T.check('admin: dialog shows the account email', (await text(page, '#detail-body')).includes(staff.email));
  await page.selectOption('#d-role', 'komite_teknis');
  await page.click('#d-role-form button[type=submit]');
  await T.checkWait('admin: komite_teknis appears in the account roles', page.waitForSelector('#d-roles [data-role=komite_teknis]'));
  T.check('admin: asesor is kept', (await count(page, '#d-roles [data-role=asesor]')) === 1);
  T.check('admin: confirmation shown', (await text(page, '#detail-notice')) === 'Peran ditambahkan.');
  await page.click('#detail-close');
  await T.checkWait('admin: list shows both roles after closing', row.locator('[data-role=komite_teknis]').waitFor());
  return { page, otp };
}

async function step4Staff(otp) {
  const { page } = await newPage(browser, problems, DESKTOP);
  await signIn(page, staff.email, otp);
  await T.checkWait('staff: one-time password forces /ganti-sandi', page.waitForURL(pathIs('/ganti-sandi')));
  await ready(page);
  T.check('ganti-sandi: the forced-change notice is shown', await page.isVisible('#forced'));
  T.check('ganti-sandi: nav offers only sign-out meanwhile', (await count(page, '[data-nav=account]')) === 0 && (await count(page, '[data-nav=logout]')) === 1);

  await page.goto(server.base + '/akun');
  await T.checkWait('staff: other pages send the account back to /ganti-sandi', page.waitForURL(pathIs('/ganti-sandi')));
  await ready(page);

  await page.fill('#current_password', otp);
  await page.fill('#new_password', staff.newPassword);
  await page.fill('#new_password_confirm', staff.newPassword + 'x');
  await page.click('#change-form button[type=submit]');
  await T.checkWait(
    'ganti-sandi: mismatched confirmation shown at its field',
    page.waitForFunction(() => document.querySelector('#new_password_confirm-error').textContent.trim() !== ''),
  );
  await page.fill('#new_password_confirm', staff.newPassword);
  await page.click('#change-form button[type=submit]');
  await T.checkWait('ganti-sandi: after the change the page continues to ?next= (/akun)', page.waitForURL(pathIs('/akun')));
  await ready(page);
  const roles = (await page.getAttribute('.whoami-roles', 'data-roles')) || '';
  T.check('staff nav: roles asesor and komite_teknis', roles.split(' ').sort().join(' ') === 'asesor komite_teknis', roles);
  const shown = await text(page, '.whoami-roles');
  T.check('staff nav: role titles in Indonesian', shown.includes('Asesor Kompetensi') && shown.includes('Komite Teknis'), shown);
  T.check('staff nav: "Akun saya" present', (await count(page, '[data-nav=account]')) === 1);
  T.check('staff nav: no admin menu', (await count(page, '[data-nav-group=admin]')) === 0);
  T.check('staff akun: both roles listed', (await count(page, '#p-roles [data-role]')) === 2);

  await page.goto(server.base + '/admin/peran');
  await ready(page);
  T.check('staff: /admin/peran refused', (await text(page, '#main')).includes('tidak memiliki izin'));

  // Language switch: <html lang>, texts, and it sticks across pages.
  await page.click('.lang-switch');
  await T.checkWait('lang: switch to English sets <html lang="en">', page.waitForFunction(() => document.documentElement.lang === 'en'));
  T.check('lang: nav in English', (await text(page, '[data-nav=home]')) === 'Home');
  await page.goto(server.base + '/');
  await ready(page);
  T.check('lang: English kept on the next page', (await page.evaluate(() => document.documentElement.lang)) === 'en' && (await text(page, '[data-nav=account]')) === 'My account');
  T.check('lang: role titles in English', (await text(page, '.whoami-roles')).includes('Technical committee'));
  await page.context().close();
}

async function step5Mobile() {
  const { page } = await newPage(browser, problems, { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  for (const p of ['/masuk', '/daftar']) {
    await page.goto(server.base + p);
    await ready(page);
    const { sw, cw } = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth }));
    T.check(`360px ${p}: no horizontal scroll`, sw <= cw && cw === 360, `scrollWidth ${sw}, clientWidth ${cw}`);
    const box = await page.locator('form button[type=submit]').boundingBox();
    T.check(`360px ${p}: submit button fully visible in width`, box && box.x >= 0 && box.x + box.width <= 360 && box.height >= 44);
  }
  await page.goto(server.base + '/masuk');
  await ready(page);
  T.check('360px: navigation collapsed behind the menu button', await page.isHidden('#site-nav'));
  await page.click('.menu-toggle');
  T.check('360px: menu button opens the navigation', (await page.isVisible('[data-nav=register]')) && (await page.getAttribute('.menu-toggle', 'aria-expanded')) === 'true');
  await page.context().close();
}

async function step6Reset(adminPage) {
  const { page } = await newPage(browser, problems, DESKTOP);
  await page.goto(server.base + '/lupa-sandi');
  await ready(page);
  await page.fill('#email', asesi.email);
  await page.click('#forgot-form button[type=submit]');
  await T.checkWait('lupa-sandi: the same neutral answer is shown', page.locator('#notice', { hasText: 'Jika alamat surel tersebut terdaftar' }).waitFor());

  await adminPage.goto(server.base + '/admin/kotak-keluar');
  await ready(adminPage);
  const msg = adminPage.locator(`article[data-to="${asesi.email}"]`).first();
  await T.checkWait('kotak-keluar: the reset message to the asesi is listed', msg.waitFor());
  const body = (await msg.locator('.message-body').textContent()) || '';
  const link = await msg.locator('a[href*="token="]').first().getAttribute('href').catch(() => null);
  const token = link ? new URL(link, server.base).searchParams.get('token') : (body.match(/^\s{4}(\S{16,})\s*$/m) || [])[1];
  T.require('kotak-keluar: a reset token can be read from the message', !!token, body.slice(0, 200));

  await page.goto(server.base + '/atur-sandi');
  await ready(page);
  await page.fill('#token', token);
  await page.fill('#new_password', asesi.newPassword);
  await page.fill('#new_password_confirm', asesi.newPassword);
  await page.click('#reset-form button[type=submit]');
  await T.checkWait('atur-sandi: new password saved, on to /masuk', page.waitForURL((u) => u.pathname === '/masuk' && u.searchParams.has('sandi')));
  await ready(page);
  T.check('masuk: reset notice shown', (await text(page, '#notice')).includes('diatur ulang'));

  await page.fill('#email', asesi.email);
  await page.fill('#password', asesi.newPassword);
  await page.click('#login-form button[type=submit]');
  await T.checkWait('reset: asesi signs in with the new password', page.waitForURL(pathIs('/')));
  await ready(page);
  T.check('reset: signed in as the asesi', (await text(page, '.whoami-name')) === asesi.name);

  // A used token is refused, at the token field.
  await page.goto(server.base + '/atur-sandi?token=' + encodeURIComponent(token));
  await ready(page);
  T.check('atur-sandi: token taken out of the address bar', new URL(page.url()).search === '');
  await page.fill('#new_password', 'Lagi-Sandi-Baru-2026');
  await page.fill('#new_password_confirm', 'Lagi-Sandi-Baru-2026');
  await page.click('#reset-form button[type=submit]');
  await T.checkWait(
    'atur-sandi: a used token is refused at the token field',
    page.waitForFunction(() => document.querySelector('#token').getAttribute('aria-invalid') === 'true' && !document.querySelector('#token-field').hidden),
  );
  await page.context().close();
}

async function main() {
  server = await startServer();
  browser = await launchBrowser();
  await step1Asesi();
  const { page: adminPage, otp } = await step2and3Admin();
  await step4Staff(otp);
  await step5Mobile();
  await step6Reset(adminPage);
}

let exitCode = 1;
try {
  await main();
} catch (err) {
  if (!(err instanceof StepAbort)) T.fail('test ran to the end', err && err.stack ? err.stack : String(err));
  if (server) console.log(`--- server output (last lines) ---\n${server.logs().split('\n').slice(-40).join('\n')}`);
} finally {
  T.check('no page errors, CSP violations or missing translations', problems.length === 0, problems.join('\n  '));
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop().catch(() => {});
  exitCode = T.summary();
}
process.exit(exitCode);
