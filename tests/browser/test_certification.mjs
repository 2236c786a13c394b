// Certification front-end end to end, in Chromium against the real server (--demo):
//  1. a visitor browses /skema: the demo scheme with its fee and BNSP remote approval, and its
//     detail with units, elements, KUK and the basic requirements;
//  2. the demo asesi starts an application for the demo scheme on /sertifikasi, fills FR.APL.01
//     on the case page, uploads a generated PDF (a PNG where the requirement takes photos only) for
//     every requirement through the page (each progress bar reaches 100%), signs and submits;
//  3. the demo admin opens it from /admin/verifikasi and asks for a correction (a note is
//     required); the asesi sees the note, the form keeps the earlier answers and files, a PDF for
//     the photo requirement is refused, the asesi signs again and resubmits; the admin marks every
//     requirement and signs with the recommendation; a contradicting recommendation is refused at
//     its field; the password dialog appears when the server asks for the signature to be
//     confirmed; accepts; opens the case again from the "accepted" list and assigns the demo
//     schedule;
//  4. the asesi (on a 360 px phone) sees the stage "Dijadwalkan" and FR.APL.02 opens with its units
//     and elements; an FR.APL.02 evidence upload reaches 100%; no horizontal scroll; the language
//     switch names the stage in English.
// No page errors, CSP violations or missing translations anywhere. Prints "N passed, M failed".

import zlib from 'node:zlib';
import { launchBrowser, newPage } from './lib/browser.mjs';
import { StepAbort, createChecks } from './lib/check.mjs';
import { startServer } from './lib/server.mjs';

const T = createChecks();
const problems = [];
const DEMO_PASSWORD = 'Demo-Ujikom-2026';
const ASESI_EMAIL = 'asesi@demo.ujikom.id';
const ADMIN_EMAIL = 'admin@demo.ujikom.id';
const DESKTOP = { viewport: { width: 1280, height: 900 } };
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

let server = null;
let browser = null;
let scheme = null; // GET /api/skema/:id of the demo scheme
let caseId = null;

const ready = (page) => page.waitForSelector('body[data-ready]');
const text = async (page, sel) => ((await page.locator(sel).first().textContent()) || '').trim();
const count = (page, sel) => page.locator(sel).count();

/* ---------- generated evidence files ---------- */

function pdfBytes(title) {
  const body = `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n% ${title}\ntrailer << /Root 1 0 R >>\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function pngChunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A 4x4 red PNG (a "pas foto"). */
function pngBytes() {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(4, 0);
  ihdr.writeUInt32BE(4, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const raw = Buffer.alloc(4 * (1 + 4 * 3));
  for (let y = 0; y < 4; y++) {
    raw[y * 13] = 0;
    for (let x = 0; x < 4; x++) raw[y * 13 + 1 + x * 3] = 0xcc;
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlib.deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Sets a file on the renderer's file input at path; waits for the stored file and the bar at 100%. */
async function upload(page, path, file) {
  await page.setInputFiles(`input[type=file][name="${path}"]`, file);
  const field = page.locator(`.fr-file-field[data-path="${path}"]`);
  await field.locator('li[data-sha]').first().waitFor();
  await field.locator('progress.upload-progress[data-state="done"]').waitFor();
  return field.locator('progress.upload-progress').evaluate((p) => p.value);
}

async function signIn(page, email, next) {
  await page.goto(`${server.base}/masuk?next=${encodeURIComponent(next)}`);
  await ready(page);
  await page.fill('#email', email);
  await page.fill('#password', DEMO_PASSWORD);
  await page.click('#login-form button[type=submit]');
  await page.waitForURL((u) => u.pathname + u.search === next || u.pathname === next.split('?')[0]);
  await ready(page);
}

const currentStage = (page) => text(page, '#timeline [aria-current="step"] .tl-name');
const waitStage = (page, state) => page.waitForSelector(`#timeline li[data-state="${state}"][aria-current="step"]`);

async function noHorizontalScroll(page, label) {
  const { sw, cw } = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth }));
  T.check(`360px ${label}: no horizontal scroll`, sw <= cw && cw === 360, `scrollWidth ${sw}, clientWidth ${cw}`);
}

/* ---------- 1. the public catalogue ---------- */

async function step1Catalogue() {
  const { page, context } = await newPage(browser, problems, DESKTOP);
  await page.goto(`${server.base}/skema`);
  await ready(page);
  const card = page.locator(`li.skema-card[data-skema="${scheme.id}"]`);
  await T.checkWait('skema: the demo scheme is listed', card.waitFor());
  T.check('skema: heading in Bahasa Indonesia', (await text(page, 'h1')) === 'Skema sertifikasi');
  T.check('skema: the fee in rupiah', ((await card.locator('[data-fee]').textContent()) || '').replace(/\s/g, '').includes('Rp1.500.000'));
  T.check('skema: remote assessment approved by BNSP with its number', ((await card.textContent()) || '').includes(scheme.remote.approval_number));
  T.check('skema: a visitor is offered sign-in to apply', ((await card.locator('[data-apply]').getAttribute('href')) || '').startsWith('/masuk?next='));
  T.check('skema: nav has "Skema" for everyone', (await text(page, '[data-nav=skema]')) === 'Skema');

  await card.locator('[data-details]').click();
  await page.waitForURL((u) => u.pathname === '/skema' && u.searchParams.get('id') === String(scheme.id));
  await ready(page);
  await T.checkWait('skema detail: title shown', page.locator('#skema-title', { hasText: scheme.title }).waitFor());
  const nEl = scheme.units.reduce((n, u) => n + u.elements.length, 0);
  const nKuk = scheme.units.reduce((n, u) => n + u.elements.reduce((m, e) => m + e.kuk.length, 0), 0);
  T.check(`skema detail: ${scheme.units.length} units`, (await count(page, '.unit')) === scheme.units.length);
  T.check(`skema detail: ${nEl} elements`, (await count(page, '.element')) === nEl);
  T.check(`skema detail: ${nKuk} KUK`, (await count(page, '.kuk-list li')) === nKuk);
  T.check(`skema detail: ${scheme.requirements.length} basic requirements`, (await count(page, '.req')) === scheme.requirements.length);
  await context.close();
}

/* ---------- 2. the asesi applies ---------- */

async function step2Apply() {
  const { page, context } = await newPage(browser, problems, DESKTOP);
  await signIn(page, ASESI_EMAIL, '/sertifikasi');
  T.check('sertifikasi: nav item "Sertifikasi Saya"', (await text(page, '[data-nav=my-cases]')) === 'Sertifikasi Saya');
  T.check('sertifikasi: no application yet', (await text(page, '#cases tbody')) === 'Anda belum mengajukan permohonan sertifikasi.');
  const choice = page.locator(`.skema-choice[data-skema="${scheme.id}"]`);
  await T.checkWait('sertifikasi: the demo scheme can be chosen', choice.waitFor());
  T.check('sertifikasi: the choice shows the fee', ((await choice.locator('.skema-fee').textContent()) || '').replace(/\s/g, '').includes('Rp1.500.000'));
  T.check('sertifikasi: the choice shows the remote approval', (await choice.locator('[data-remote]').getAttribute('data-remote')) === 'yes');
  await page.check(`#skema-${scheme.id}`);
  await page.check('#purpose-sertifikasi');
  await page.click('#new-form button[type=submit]');
  await T.checkWait('sertifikasi: the new application opens its case page', page.waitForURL((u) => u.pathname === '/permohonan' && u.searchParams.has('id')));
  caseId = new URL(page.url()).searchParams.get('id');
  await ready(page);
  T.check('permohonan: heading names the application', (await text(page, '#case-title')) === `Permohonan #${caseId}`);
  T.check('permohonan: first stage is current', (await currentStage(page)) === 'Pengisian permohonan');
  T.check('permohonan: the timeline shows the whole path to the certificate', (await count(page, '#timeline li')) >= 15 && (await count(page, '#timeline li[data-state="CERTIFIED"]')) === 1);

  // the single next step (FR.APL.01) opens by itself; the button also opens it
  await page.click('#step-buttons [data-event="apl01_submit"]');
  const form = page.locator('#step-form[data-form="FR.APL.01"]');
  await T.checkWait('permohonan: FR.APL.01 drawn by the renderer', form.locator('.fr').waitFor());
  T.check('FR.APL.01: the admin part is read-only for the asesi', (await count(page, '#step-form .fr-part[data-role="admin_lsp"].fr-readonly')) === 1 && (await count(page, '#step-form [name="rekomendasi"]')) === 0);
  T.check('FR.APL.01: name filled in from the account', (await page.inputValue('[name="nama_lengkap"]')) === 'Demo Asesi');
  T.check('FR.APL.01: one evidence row per requirement', (await count(page, 'fieldset[data-path="bukti_persyaratan"] li.fr-row')) === scheme.requirements.length);
  T.check('FR.APL.01: the units of the scheme listed', (await count(page, 'fieldset[data-path="unit_skema"] li.fr-row')) === scheme.units.length);

  await page.fill('[name="nik"]', '3171015501900001');
  await page.fill('[name="tempat_lahir"]', 'Jakarta');
  await page.fill('[name="tanggal_lahir"]', '1990-01-15');
  await page.check('input[name="jenis_kelamin"][value="perempuan"]');
  await page.fill('[name="kebangsaan"]', 'Indonesia');
  await page.fill('[name="alamat_rumah"]', 'Jl. Merdeka No. 1, Jakarta Pusat');
  await page.fill('[name="hp"]', '081234567890');
  await page.selectOption('[name="kualifikasi_pendidikan"]', 'd4_s1');
  T.check('FR.APL.01: purpose taken from the application', await page.isChecked('input[name="tujuan_asesmen"][value="sertifikasi"]'));
  await page.selectOption('[name="sumber_anggaran"]', 'mandiri');

  const png = pngBytes();
  let full = 0;
  for (const [i, r] of scheme.requirements.entries()) {
    const photo = Array.isArray(r.types) && !r.types.includes('pdf');
    const file = photo ? { name: `pasfoto-${i + 1}.png`, mimeType: 'image/png', buffer: png } : { name: `bukti-${i + 1}.pdf`, mimeType: 'application/pdf', buffer: pdfBytes(`bukti ${i + 1}`) };
    const v = await upload(page, `bukti_persyaratan[${i}].berkas`, file);
    if (v === 1) full++;
  }
  T.check(`FR.APL.01: ${scheme.requirements.length} uploads, each progress bar at 100%`, full === scheme.requirements.length, `${full} at 100%`);
  T.check('FR.APL.01: uploaded files are named and linked', (await count(page, '#step-form .fr-file a[href*="/evidence/"]')) === scheme.requirements.length);

  // signing without the declaration: refused in the browser at the signature
  await page.click('#step-submit');
  await T.checkWait(
    'FR.APL.01: the unsigned declaration is marked',
    page.waitForFunction(() => (document.querySelector('[data-error-for="ttd_pemohon"]') || {}).textContent),
  );
  await page.check('[name="ttd_pemohon"]');
  await page.click('#step-submit');
  await T.checkWait('permohonan: signed and submitted, stage "Menunggu verifikasi"', waitStage(page, 'APL01_SUBMITTED'));
  T.check('permohonan: the notice names the new stage', (await text(page, '#notice')).includes('Menunggu verifikasi'));
  T.check('permohonan: no step left for the asesi, a waiting note instead', (await count(page, '#step-buttons [data-event]')) === 0 && (await page.isVisible('#steps-none')));
  T.check('permohonan: the signed FR.APL.01 is listed', (await count(page, '#signed-forms [data-form="FR.APL.01"] [data-role="asesi"]')) === 1);
  T.check('permohonan: history records the submission', (await count(page, '#history [data-event="apl01_submit"]')) === 1);
  await page.click('[data-view="FR.APL.01"]');
  await T.checkWait('permohonan: the signed form opens read-only', page.locator('#form-view .fr-part[data-role="asesi"].fr-readonly').first().waitFor());

  await page.goto(`${server.base}/admin/verifikasi`);
  await ready(page);
  T.check('verifikasi: refused to an asesi', (await text(page, '#main')).includes('tidak memiliki izin') && (await count(page, '#submitted')) === 0);
  T.check('nav: no verification menu for an asesi', (await count(page, '[data-nav=cert-verify]')) === 0);

  await page.goto(`${server.base}/sertifikasi`);
  await ready(page);
  await T.checkWait('sertifikasi: the application is listed with its stage', page.locator(`#cases tr[data-case="${caseId}"] [data-stage="APL01_SUBMITTED"]`).waitFor());
  await context.close();
}

/* ---------- 3. the admin verifies and schedules ---------- */

async function step3Revision() {
  const { page, context } = await newPage(browser, problems, DESKTOP);
  await signIn(page, ADMIN_EMAIL, '/admin/verifikasi');
  T.check('verifikasi: nav item "Verifikasi APL.01"', (await text(page, '[data-nav=cert-verify]')) === 'Verifikasi APL.01');
  const row = page.locator(`#submitted tr[data-case="${caseId}"]`);
  await T.checkWait('verifikasi: the case waits in "Menunggu verifikasi"', row.waitFor());
  T.check('verifikasi: the asesi is named', ((await row.textContent()) || '').includes('Demo Asesi'));
  await row.locator('a[data-open]').click();
  await page.waitForURL((u) => u.pathname === '/permohonan' && u.searchParams.get('id') === caseId);
  await ready(page);
  for (const ev of ['apl01_request_revision', 'apl01_accept', 'apl01_reject']) {
    T.check(`permohonan (admin): step ${ev} offered`, (await count(page, `#step-buttons [data-event="${ev}"]`)) === 1);
  }
  await page.click('#step-buttons [data-event="apl01_request_revision"]');
  await T.checkWait('revision: the panel asks for a note', page.locator('#step-note').waitFor());
  await page.click('#step-submit');
  await T.checkWait('revision: a note is required, marked at the field', page.waitForFunction(() => document.querySelector('#step-note').getAttribute('aria-invalid') === 'true'));
  await page.fill('#step-note', 'Pasfoto harus berlatar merah.');
  await page.click('#step-submit');
  await T.checkWait('revision: stage "Perlu perbaikan"', waitStage(page, 'APL01_REVISION'));
  T.check('revision: the timeline shows the side stage after "Menunggu verifikasi"', (await page.getAttribute('#timeline li[data-state="APL01_REVISION"]', 'class')).includes('tl-side'));
  T.check('revision: the note is in the history', (await text(page, '#history [data-event="apl01_request_revision"] .history-note')).includes('Pasfoto harus berlatar merah.'));
  return { page, context };
}

async function step3Resubmit() {
  const { page, context } = await newPage(browser, problems, DESKTOP);
  await signIn(page, ASESI_EMAIL, `/permohonan?id=${caseId}`);
  await T.checkWait('resubmit: the asesi sees the correction note', page.locator('#revision-note', { hasText: 'Pasfoto harus berlatar merah.' }).waitFor());
  const form = page.locator('#step-form[data-form="FR.APL.01"]');
  await T.checkWait('resubmit: FR.APL.01 opens by itself with the earlier answers', form.locator('.fr').waitFor());
  T.check('resubmit: earlier answers kept', (await page.inputValue('[name="tempat_lahir"]')) === 'Jakarta');
  T.check('resubmit: earlier evidence kept', (await count(page, '#step-form .fr-file[data-sha]')) === scheme.requirements.length);
  const photo = scheme.requirements.findIndex((r) => Array.isArray(r.types) && !r.types.includes('pdf'));
  if (photo >= 0) {
    // a PDF where only photos are accepted: the server's refusal is shown at the upload
    await page.setInputFiles(`input[type=file][name="bukti_persyaratan[${photo}].berkas"]`, { name: 'foto.pdf', mimeType: 'application/pdf', buffer: pdfBytes('bukan foto') });
    await T.checkWait(
      'resubmit: a PDF for the photo requirement is refused with the server\'s message',
      page.locator(`.fr-file-field[data-path="bukti_persyaratan[${photo}].berkas"] .fr-file-status`, { hasText: 'foto.pdf' }).waitFor(),
    );
  }
  await page.click('#step-submit');
  await T.checkWait('resubmit: signed again and submitted', waitStage(page, 'APL01_SUBMITTED'));
  T.check('resubmit: the asesi part is at version 2', (await page.getAttribute('#signed-forms [data-form="FR.APL.01"] [data-role="asesi"]', 'data-version')) === '2');
  await context.close();
}

async function step3Accept({ page, context }) {
  await page.reload();
  await ready(page);
  await waitStage(page, 'APL01_SUBMITTED');
  await page.click('#step-buttons [data-event="apl01_accept"]');
  const form = page.locator('#step-form[data-form="FR.APL.01"]');
  await T.checkWait('FR.APL.01 (admin): form drawn', form.locator('.fr').waitFor());
  T.check('FR.APL.01 (admin): the asesi part is read-only with the asesi\'s answers', (await text(page, '#step-form .fr-part[data-role="asesi"] [data-path="tempat_lahir"] .fr-value-text')) === 'Jakarta');
  T.check('FR.APL.01 (admin): the evidence files link to the case', (await count(page, '#step-form .fr-part[data-role="asesi"] a[href*="/evidence/"]')) === scheme.requirements.length);
  T.check('FR.APL.01 (admin): "accept" preselects the recommendation', await page.isChecked('input[name="rekomendasi"][value="diterima"]'));
  for (let i = 0; i < scheme.requirements.length; i++) {
    await page.check(`input[name="verifikasi_persyaratan[${i}].status"][value="ada_memenuhi"]`);
  }
  await page.check('[name="ttd_admin"]');

  // A contradicting recommendation: signed, then the step is refused at the recommendation field.
  // The first signature request is answered "confirm with your password" to show the dialog.
  await page.check('input[name="rekomendasi"][value="tidak_diterima"]');
  const signBodies = [];
  let answered = 0;
  await page.route(`${server.base}/api/cases/${caseId}/forms/FR.APL.01`, async (route) => {
    signBodies.push(route.request().postDataJSON());
    if (answered++ === 0) {
      return route.fulfill({
        status: 401,
        contentType: 'application/json',
        body: JSON.stringify({ error: 'signature_confirm_required', message: 'Masukkan kata sandi untuk menandatangani.', field: 'password' }),
      });
    }
    return route.continue();
  });
  await page.click('#step-submit');
  await T.checkWait('sign: the password dialog opens when the server asks', page.waitForSelector('#sign-dialog[open]'));
  await page.fill('#sign-password', DEMO_PASSWORD);
  await page.click('#sign-form button[type=submit]');
  await T.checkWait(
    'FR.APL.01 (admin): "accept" with "tidak diterima" is refused at the recommendation',
    page.waitForFunction(() => (document.querySelector('#step-form [data-error-for="rekomendasi"]') || {}).textContent),
  );
  T.check('sign: the second request carries the password', signBodies.length === 2 && signBodies[1].password === DEMO_PASSWORD && signBodies[1].role === 'admin_lsp');
  T.check('sign: the dialog is closed again', !(await page.isVisible('#sign-dialog')));
  await page.unroute(`${server.base}/api/cases/${caseId}/forms/FR.APL.01`);
  T.check('FR.APL.01 (admin): the form stays open with the stage unchanged', (await currentStage(page)) === 'Menunggu verifikasi');

  await page.check('input[name="rekomendasi"][value="diterima"]');
  await page.click('#step-submit');
  await T.checkWait('permohonan (admin): accepted, stage "Permohonan diterima"', waitStage(page, 'APL01_ACCEPTED'));
  T.check('permohonan (admin): scheduling offered next', (await count(page, '#step-buttons [data-event="schedule_assign"]')) === 1);

  await page.goto(`${server.base}/admin/verifikasi`);
  await ready(page);
  const acc = page.locator(`#accepted tr[data-case="${caseId}"]`);
  await T.checkWait('verifikasi: the case moved to "Diterima, menunggu jadwal"', acc.waitFor());
  T.check('verifikasi: no longer waiting for verification', (await count(page, `#submitted tr[data-case="${caseId}"]`)) === 0);
  await acc.locator('a[data-open]').click();
  await page.waitForURL((u) => u.pathname === '/permohonan');
  await ready(page);
  await page.click('#step-buttons [data-event="schedule_assign"]');
  await T.checkWait('schedule: the demo schedule is offered', page.locator('#step-jadwal option[value="1"]').waitFor({ state: 'attached' }));
  await page.selectOption('#step-jadwal', '1');
  await page.click('#step-submit');
  await T.checkWait('permohonan (admin): scheduled, stage "Dijadwalkan"', waitStage(page, 'SCHEDULED'));
  T.check('permohonan (admin): the schedule is shown in the summary', (await text(page, '#summary')).includes('TUK'));
  await context.close();
}

/* ---------- 4. the asesi on a phone ---------- */

async function step4Phone() {
  const { page, context } = await newPage(browser, problems, PHONE);
  await signIn(page, ASESI_EMAIL, `/permohonan?id=${caseId}`);
  await T.checkWait('asesi: the case page shows the stage "Dijadwalkan"', waitStage(page, 'SCHEDULED'));
  T.check('asesi: current stage named "Dijadwalkan"', (await currentStage(page)) === 'Dijadwalkan');
  T.check('asesi: the FR.APL.02 step is offered', (await count(page, '#step-buttons [data-event="apl02_submit"]')) === 1);
  await page.click('#step-buttons [data-event="apl02_submit"]');
  const form = page.locator('#step-form[data-form="FR.APL.02"]');
  await T.checkWait('asesi: FR.APL.02 opens', form.locator('.fr').waitFor());
  const nEl = scheme.units.reduce((n, u) => n + u.elements.length, 0);
  T.check(`FR.APL.02: ${scheme.units.length} units`, (await count(page, '#step-form fieldset.fr-group[data-path="units"] > ol > li.fr-row')) === scheme.units.length);
  T.check(`FR.APL.02: K/BK for each of the ${nEl} elements`, (await count(page, '#step-form input[type=radio][value="K"]')) === nEl);
  await page.check('input[name="units[0].elements[0].kompeten"][value="K"]');
  const v = await upload(page, 'units[0].elements[0].bukti', { name: 'portofolio.pdf', mimeType: 'application/pdf', buffer: pdfBytes('portofolio') });
  T.check('FR.APL.02: evidence upload reaches 100%', v === 1, String(v));
  await noHorizontalScroll(page, '/permohonan with FR.APL.02 open');
  const box = await page.locator('#step-submit').boundingBox();
  T.check('360px: the sign button fits the width and is a 44 px target', box && box.x >= 0 && box.x + box.width <= 360 && box.height >= 44);

  await page.click('.lang-switch');
  await T.checkWait('lang: the stage follows the switch ("Scheduled")', page.waitForFunction(() => (document.querySelector('#timeline [aria-current="step"] .tl-name') || {}).textContent === 'Scheduled'));
  T.check('lang: the form is redrawn in English', ((await text(page, '#step-form .fr-title')) || '') === 'Self-Assessment');

  for (const p of ['/sertifikasi', '/skema', `/skema?id=${scheme.id}`]) {
    await page.goto(server.base + p);
    await ready(page);
    await noHorizontalScroll(page, p);
  }
  await context.close();
}

async function main() {
  server = await startServer();
  const list = (await (await fetch(`${server.base}/api/skema`)).json()).skema;
  scheme = await (await fetch(`${server.base}/api/skema/${list[0].id}`)).json();
  scheme.id = list[0].id;
  browser = await launchBrowser();
  await step1Catalogue();
  await step2Apply();
  const admin = await step3Revision();
  await step3Resubmit();
  await step3Accept(admin);
  await step4Phone();
}

let exitCode = 1;
const started = Date.now();
try {
  await main();
} catch (err) {
  if (!(err instanceof StepAbort)) T.fail('test ran to the end', err && err.stack ? err.stack : String(err));
  if (server) console.log(`--- server output (last lines) ---\n${server.logs().split('\n').slice(-40).join('\n')}`);
} finally {
  T.check('no page errors, CSP violations or missing translations', problems.length === 0, problems.join('\n  '));
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop().catch(() => {});
  console.log(`(${Math.round((Date.now() - started) / 1000)} s)`);
  exitCode = T.summary();
}
process.exit(exitCode);
