// The pages after the assessment end to end, in Chromium against the real server (--demo):
//  setup (API, lib/journey.mjs): case A of the demo asesi and case B of a second asesi go through
//     FR.APL.01, acceptance and scheduling; standInForInstruments() takes each past the instrument
//     stage that is not built yet (A recommended K, B recommended BK); a third asesi's case C is
//     decided K and certified through the API (its numbers are "taken" for the uniqueness check);
//  1. the committee member (komite-teknis) finds A and B on /admin/keputusan, decides A "K" on the
//     case page with SK number and berita acara (client checks at the fields first) and B "BK"
//     (a caution button);
//  2. the admin records A's certificate from /admin/keputusan: a number already used by case C is
//     refused at its field (409 names it), then A is CERTIFIED with valid-until from the scheme;
//  3. the demo asesi (360 px phone) sees "Kompeten", the certificate numbers and validity;
//  4. asesi B sees "Belum Kompeten", files FR.AK.04 from the case page (password re-confirmation
//     when the server asks), sees the receipt number, stage, due date, working days left, the SOP
//     with the steps done, and the appeal on "Banding Saya";
//  5. the admin (involved in B) is refused forming the team with the server's message; the
//     certification manager (who cannot list accounts) forms it by account number; the appeal
//     team member starts the review and rejects with reasons (a reason is required);
//  6. asesi B sees the rejection, the reasons and the SOP progress; a second appeal on B is upheld
//     by the team with a re-assessment, which links a new case (its page links the assessment
//     sheet once it is in ASSESSING);
//  7. asesi C's appeal window is closed (decision moved back in the database): the case page
//     says so and the server's refusal is shown on the filing page;
//  8. 360 px: no horizontal scroll on these pages.
// States are checked through the API too. No page errors, CSP violations or missing translations.

import { launchBrowser, newPage } from './lib/browser.mjs';
import { StepAbort, createChecks } from './lib/check.mjs';
import { DEMO_PASSWORD, caseToScheduled, registerAsesi, signedIn, sqlite, standInForInstruments } from './lib/journey.mjs';
import { startServer } from './lib/server.mjs';

const T = createChecks();
const problems = [];
const DESKTOP = { viewport: { width: 1280, height: 900 } };
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const KOMITE = 'komite-teknis@demo.ujikom.id';
const ADMIN = 'admin@demo.ujikom.id';
const MANAJER = 'manajer-sertifikasi@demo.ujikom.id';
const TIM = 'tim-banding@demo.ujikom.id';
const ASESI_A = 'asesi@demo.ujikom.id';
const ASESI_B = { email: 'sari.pemohon@contoh.id', name: 'Sari Pemohon', nik: '3171015501900002', phone: '081298765432', password: 'Kompeten-Lagi-2026x' };
const ASESI_C = { email: 'budi.peserta@contoh.id', name: 'Budi Peserta', nik: '3171011501900003', phone: '081311112222', password: 'Sertifikasi-Budi-77' };
const TAKEN = { certificate_number: '62090 2421 1 0000999 2026', registration_number: 'MET.000.009999 2026', blanko_number: '10699999' };

let server = null;
let browser = null;
let scheme = null;
let api = {}; // signed-in API clients by role
let caseA = null;
let caseB = null;
let caseC = null;
let appealId = null;
let timId = null;

const ready = (page) => page.waitForSelector('body[data-ready]');
const text = async (page, sel) => ((await page.locator(sel).first().textContent()) || '').trim();
const count = (page, sel) => page.locator(sel).count();
const waitStage = (page, state) => page.waitForSelector(`#timeline li[data-state="${state}"][aria-current="step"]`);

async function signIn(page, email, next, password = DEMO_PASSWORD) {
  await page.goto(`${server.base}/masuk?next=${encodeURIComponent(next)}`);
  await ready(page);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.click('#login-form button[type=submit]');
  await page.waitForURL((u) => u.pathname + u.search === next || u.pathname === next.split('?')[0]);
  await ready(page);
}

async function noHorizontalScroll(page, label) {
  const { sw, cw } = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth }));
  T.check(`360px ${label}: no horizontal scroll`, sw <= cw && cw === 360, `scrollWidth ${sw}, clientWidth ${cw}`);
}

/** "YYYY-MM-DD" + n months, the day clamped to the month's end (as the server computes it). */
function addMonths(day, n) {
  const [y, m, d] = day.split('-').map(Number);
  const total = y * 12 + m - 1 + n;
  const yy = Math.floor(total / 12);
  const mm = (total % 12) + 1;
  const last = new Date(Date.UTC(yy, mm, 0)).getUTCDate();
  return `${yy}-${String(mm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/* ---------- setup through the API ---------- */

async function setup() {
  const list = (await (await fetch(`${server.base}/api/skema`)).json()).skema;
  scheme = await (await fetch(`${server.base}/api/skema/${list[0].id}`)).json();
  scheme.id = list[0].id;
  api.admin = await signedIn(server.base, ADMIN);
  api.asesor = await signedIn(server.base, 'asesor@demo.ujikom.id');
  api.komite = await signedIn(server.base, KOMITE);
  api.asesiA = await signedIn(server.base, ASESI_A);
  api.asesiB = await registerAsesi(server.base, ASESI_B);
  api.asesiC = await registerAsesi(server.base, ASESI_C);
  const jadwalId = 1; // the demo schedule of the demo scheme, with the demo assessor
  caseA = await caseToScheduled({ asesi: api.asesiA, admin: api.admin, scheme, jadwalId });
  await standInForInstruments({ server, caseId: caseA, asesor: api.asesor, scheme, recommendation: 'K' });
  caseB = await caseToScheduled({ asesi: api.asesiB, admin: api.admin, scheme, jadwalId });
  await standInForInstruments({ server, caseId: caseB, asesor: api.asesor, scheme, recommendation: 'BK' });
  caseC = await caseToScheduled({ asesi: api.asesiC, admin: api.admin, scheme, jadwalId });
  await standInForInstruments({ server, caseId: caseC, asesor: api.asesor, scheme, recommendation: 'K' });
  await api.komite.must('POST', `/api/cases/${caseC}/events/decide_k`, { sk_number: 'SK-003/LSP-DEMO/2026', berita_acara: 'Rapat pleno komite teknis: bukti memenuhi aturan VATM.' });
  await api.admin.must('POST', `/api/cases/${caseC}/events/certificate_record`, { ...TAKEN, issue_date: '2026-01-05' });
  const a = (await api.admin.must('GET', `/api/accounts?q=${encodeURIComponent(TIM)}`)).accounts;
  timId = a[0].id;
  T.check('setup: cases A and B wait for the committee (PROCESS_REVIEWED), C is certified', true);
}

/* ---------- 1. the committee decides ---------- */

async function step1Committee() {
  const { page, context } = await newPage(browser, problems, DESKTOP);
  await signIn(page, KOMITE, '/admin/keputusan');
  T.check('nav: "Keputusan & sertifikat" for the committee', (await text(page, '[data-nav=cert-decide]')) === 'Keputusan & sertifikat');
  T.check('nav: no appeal handling for the committee', (await count(page, '[data-nav=cert-appeals]')) === 0);
  const row = page.locator(`#decide tr[data-case="${caseA}"]`);
  await T.checkWait('keputusan: case A waits for the committee', row.waitFor());
  T.check('keputusan: case B waits too', (await count(page, `#decide tr[data-case="${caseB}"]`)) === 1);
  T.check('keputusan: the scheme is named by its title', ((await row.textContent()) || '').includes(scheme.title));
  T.check('keputusan: the recommendation is shown', ((await row.textContent()) || '').includes('Rekomendasi: Kompeten'));
  T.check('keputusan: no certificate queue without cert.certificate.record', await page.locator('#certify').isHidden());
  await row.locator('a[data-open]').click();
  await page.waitForURL((u) => u.pathname === '/permohonan' && u.searchParams.get('id') === String(caseA));
  await ready(page);
  T.check('permohonan (committee): "decide K" is a primary button', ((await page.getAttribute('#step-buttons [data-event="decide_k"]', 'class')) || '').includes('btn-primary'));
  T.check('permohonan (committee): "decide BK" is a caution button', ((await page.getAttribute('#step-buttons [data-event="decide_bk"]', 'class')) || '').includes('btn-danger-outline'));
  T.check('permohonan (committee): back link to the decision queue', (await page.getAttribute('#back', 'href')) === '/admin/keputusan');

  await page.click('#step-buttons [data-event="decide_k"]');
  await T.checkWait('decide K: the panel asks for the SK number and the minutes', page.locator('#step-sk').waitFor());
  T.check('decide K: the assessor\'s FR.AK.02 recommendation is shown', (await text(page, '#step-recommendation')).includes('Kompeten'));
  T.check('decide K: the SK field has a hint', (await text(page, '#step-sk-hint')).includes('Surat Keputusan'));
  await page.click('#step-submit');
  await T.checkWait('decide K: empty fields are marked', page.waitForFunction(() => document.querySelector('#step-sk').getAttribute('aria-invalid') === 'true' && document.querySelector('#step-minutes').getAttribute('aria-invalid') === 'true'));
  await page.fill('#step-sk', 'SK');
  await page.fill('#step-minutes', 'Singkat');
  await page.click('#step-submit');
  await T.checkWait('decide K: a 2-character SK number is refused in the browser (3–100)', page.locator('[data-error-for="sk_number"]', { hasText: 'Paling sedikit 3 karakter' }).waitFor());
  T.check('decide K: minutes under 10 characters are refused in the browser', (await text(page, '[data-error-for="berita_acara"]')).includes('Paling sedikit 10 karakter'));
  await page.fill('#step-sk', 'SK-001/LSP-DEMO/XI/2026');
  await page.fill('#step-minutes', 'Rapat pleno komite teknis: bukti asesmen memenuhi aturan VATM; rekomendasi asesor Kompeten diterima.');
  await page.click('#step-submit');
  await T.checkWait('decide K: stage "Diputuskan kompeten"', waitStage(page, 'DECIDED_K'));
  T.check('decide K: the outcome shows "Kompeten" with the SK number', (await text(page, '#outcome-result .outcome-value')) === 'Kompeten' && (await text(page, '#outcome-sk')) === 'SK-001/LSP-DEMO/XI/2026');
  const a = await api.komite.must('GET', `/api/cases/${caseA}`);
  T.check('API: case A is DECIDED_K with the SK number', a.state === 'DECIDED_K' && a.decision && a.decision.result === 'K' && a.decision.sk_number === 'SK-001/LSP-DEMO/XI/2026');

  await page.goto(`${server.base}/permohonan?id=${caseB}`);
  await ready(page);
  await page.click('#step-buttons [data-event="decide_bk"]');
  await T.checkWait('decide BK: the panel opens', page.locator('#step-sk').waitFor());
  T.check('decide BK: the recommendation "Belum Kompeten" is shown', (await text(page, '#step-recommendation')).includes('Belum Kompeten'));
  T.check('decide BK: the submit button is a caution button', ((await page.getAttribute('#step-submit', 'class')) || '').includes('btn-danger-outline'));
  await page.fill('#step-sk', 'SK-002/LSP-DEMO/XI/2026');
  await page.fill('#step-minutes', 'Rapat pleno komite teknis: unit pertama belum kompeten sesuai rekomendasi asesor.');
  await page.click('#step-submit');
  await T.checkWait('decide BK: stage "Diputuskan belum kompeten"', waitStage(page, 'DECIDED_BK'));
  T.check('decide BK: the outcome shows "Belum Kompeten"', (await text(page, '#outcome-result .outcome-value')) === 'Belum Kompeten');
  const b = await api.komite.must('GET', `/api/cases/${caseB}`);
  T.check('API: case B is DECIDED_BK', b.state === 'DECIDED_BK' && b.decision.result === 'BK');
  await context.close();
}

/* ---------- 2. the admin records the certificate ---------- */

async function step2Certificate() {
  const { page, context } = await newPage(browser, problems, DESKTOP);
  await signIn(page, ADMIN, '/admin/keputusan');
  const row = page.locator(`#certify tr[data-case="${caseA}"]`);
  await T.checkWait('keputusan (admin): case A waits for its certificate numbers', row.waitFor());
  T.check('keputusan (admin): the asesi is named for an account reader', ((await row.textContent()) || '').includes('Demo Asesi'));
  T.check('keputusan (admin): no decision queue without cert.decision.make', await page.locator('#decide').isHidden());
  await row.locator('a[data-open]').click();
  await page.waitForURL((u) => u.pathname === '/permohonan' && u.searchParams.get('id') === String(caseA));
  await ready(page);
  await page.click('#step-buttons [data-event="certificate_record"]');
  await T.checkWait('certificate: the panel asks for BNSP\'s numbers', page.locator('#step-cert-number').waitFor());
  T.check('certificate: the hint says the numbers come from BNSP\'s blanko request', (await text(page, '#step-cert-intro')).includes('permohonan blanko'));
  const today = await page.inputValue('#step-issue');
  T.check('certificate: the issue date defaults to today', /^\d{4}-\d{2}-\d{2}$/.test(today));
  T.check('certificate: the validity follows the scheme (36 months)', (await text(page, '#step-valid-until')).includes('36 bulan'));
  await page.fill('#step-cert-number', TAKEN.certificate_number);
  await page.fill('#step-reg-number', 'MET.000.001234 2026');
  await page.fill('#step-blanko-number', '10617299');
  await page.click('#step-submit');
  await T.checkWait('certificate: a number already recorded is refused at its field (409)', page.waitForFunction(() => (document.querySelector('[data-error-for="certificate_number"]') || {}).textContent));
  T.check('certificate: only that field is marked', (await page.getAttribute('#step-cert-number', 'aria-invalid')) === 'true' && (await page.getAttribute('#step-reg-number', 'aria-invalid')) === null);
  T.check('certificate: the stage did not change', (await count(page, '#timeline li[data-state="DECIDED_K"][aria-current="step"]')) === 1);
  await page.fill('#step-cert-number', '62090 2421 1 0000123 2026');
  await page.click('#step-submit');
  await T.checkWait('certificate: stage "Sertifikat terbit"', waitStage(page, 'CERTIFIED'));
  const a = await api.admin.must('GET', `/api/cases/${caseA}`);
  T.check('API: case A is CERTIFIED; valid until = issue date + 36 months', a.state === 'CERTIFIED' && a.certificate && a.certificate.issue_date === today && a.certificate.valid_until === addMonths(today, 36), JSON.stringify(a.certificate));
  T.check('certificate: the outcome lists the certificate number', (await text(page, '[data-cert="certificate_number"]')) === '62090 2421 1 0000123 2026');
  await context.close();
}

/* ---------- 3. the asesi sees the result ---------- */

async function step3AsesiResult() {
  const { page, context } = await newPage(browser, problems, PHONE);
  await signIn(page, ASESI_A, `/permohonan?id=${caseA}`);
  await T.checkWait('asesi A: the outcome section shows', page.locator('#outcome:not([hidden])').waitFor());
  T.check('asesi A: "Hasil sertifikasi" says "Kompeten"', (await text(page, '#outcome-title')) === 'Hasil sertifikasi' && (await text(page, '#outcome-result .outcome-value')) === 'Kompeten');
  T.check('asesi A: the certificate number, registration and blanko numbers', (await text(page, '[data-cert="certificate_number"]')) === '62090 2421 1 0000123 2026' && (await text(page, '[data-cert="registration_number"]')) === 'MET.000.001234 2026' && (await text(page, '[data-cert="blanko_number"]')) === '10617299');
  T.check('asesi A: the certificate is valid, with its end date', (await text(page, '#cert-status')) === 'Berlaku' && (await text(page, '[data-cert="valid_until"]')).length > 0);
  T.check('asesi A: an appeal can be filed within the window', (await count(page, '#appeal-file')) === 1);
  T.check('asesi A: nav item "Banding Saya"', (await text(page, '[data-nav=my-appeals]')) === 'Banding Saya');
  await noHorizontalScroll(page, '/permohonan with the certificate');
  await page.click('.lang-switch');
  await T.checkWait('lang: the result in English ("Competent")', page.waitForFunction(() => (document.querySelector('#outcome-result .outcome-value') || {}).textContent === 'Competent'));
  await page.click('.lang-switch');
  await page.waitForFunction(() => (document.querySelector('#outcome-result .outcome-value') || {}).textContent === 'Kompeten');
  await context.close();
}

/* ---------- 4. asesi B files an appeal ---------- */

async function step4File() {
  const { page, context } = await newPage(browser, problems, PHONE);
  await signIn(page, ASESI_B.email, `/permohonan?id=${caseB}`, ASESI_B.password);
  await T.checkWait('asesi B: the outcome shows "Belum Kompeten"', page.locator('#outcome-result[data-result="BK"]').waitFor());
  T.check('asesi B: the appeal right and its deadline are explained', (await text(page, '#outcome-appeal')).includes('sampai'));
  await page.click('#appeal-file');
  await page.waitForURL((u) => u.pathname === '/banding' && u.searchParams.get('case') === String(caseB));
  await ready(page);
  await T.checkWait('banding: FR.AK.04 drawn by the renderer', page.locator('#appeal-form .fr[data-form-code="FR.AK.04"]').waitFor());
  T.check('banding: the appealed decision is shown', (await text(page, '#appealed-result')) === 'Belum Kompeten');
  T.check('banding: "the decision appealed" is prefilled', (await page.inputValue('[name="keputusan_dibanding"]')).includes('SK-002/LSP-DEMO/XI/2026'));
  T.check('banding: the SOP is shown before filing', (await count(page, '#sop-steps li.sop-step')) >= 10);
  await noHorizontalScroll(page, '/banding?case= (filing)');

  await page.click('#appeal-submit');
  await T.checkWait('banding: the server\'s validation is shown at a field', page.waitForFunction(() => document.querySelectorAll('#appeal-form [aria-invalid="true"]').length > 0));
  await page.check('input[name="dijelaskan"][value="true"]');
  await page.check('input[name="didiskusikan"][value="true"]');
  await page.check('input[name="melibatkan_orang_lain"][value="false"]');
  await page.check('input[name="lingkup"][value="unit"]');
  await page.check(`input[name="unit_dibanding"][value="${scheme.units[0].code}"]`);
  await page.fill('[name="alasan"]', 'Asesor tidak memberi kesempatan menjawab pertanyaan lisan kedua; proses tidak sesuai prinsip asesmen yang adil.');
  T.check('banding: the evidence of the case can be attached', (await count(page, '#bukti-choose option')) === scheme.requirements.length);
  await page.click('#bukti-add');
  T.check('banding: the attachment is listed', (await count(page, '#appeal-form [data-files="bukti"] li[data-sha]')) === 1);
  await page.check('[name="ttd_asesi"]');

  // the first filing is answered "confirm with your password" to show the dialog
  const bodies = [];
  let answered = 0;
  await page.route(`${server.base}/api/appeals`, async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    bodies.push(route.request().postDataJSON());
    if (answered++ === 0) {
      return route.fulfill({ status: 401, contentType: 'application/json', body: JSON.stringify({ error: 'appeal_confirm_required', message: 'Masukkan kata sandi.', field: 'password' }) });
    }
    return route.continue();
  });
  await page.click('#appeal-submit');
  await T.checkWait('banding: the password dialog opens when the server asks', page.waitForSelector('#sign-dialog[open]'));
  await page.fill('#sign-password', ASESI_B.password);
  await page.click('#sign-form button[type=submit]');
  await T.checkWait('banding: filed, the progress page opens', page.waitForURL((u) => u.pathname === '/banding' && u.searchParams.has('id')));
  await page.unroute(`${server.base}/api/appeals`);
  appealId = new URL(page.url()).searchParams.get('id');
  T.check('banding: the second request carried the password and the case', bodies.length === 2 && bodies[1].password === ASESI_B.password && bodies[1].case_id === caseB && bodies[1].data.bukti.length === 1);
  await T.checkWait('progress: the receipt number is shown', page.locator('#receipt').waitFor());
  const appeal = await api.asesiB.must('GET', `/api/appeals/${appealId}`);
  T.check('API: the appeal is FILED with a receipt number', appeal.state === 'FILED' && /\/BDG\/\d{4}\/\d+$/.test(appeal.receipt_number));
  T.check('progress: receipt number as the server gives it', (await text(page, '#receipt')) === appeal.receipt_number);
  T.check('progress: the notice confirms the receipt', (await text(page, '#notice')).includes(appeal.receipt_number));
  T.check('progress: stage "Diajukan"', (await text(page, '#appeal-state')) === 'Diajukan');
  T.check('progress: working days left shown', (await text(page, '#days-left')) === `${appeal.working_days_left} hari kerja lagi`);
  T.check('progress: not overdue', (await count(page, '#overdue')) === 0);
  T.check('progress: the history names the filing', (await count(page, '#appeal-history [data-event="appeal_file"]')) === 1);
  T.check('progress: SOP step BJJ-02 (filing) is done', (await page.getAttribute('#sop-steps [data-code="SOP-BJJ-02"]', 'data-status')) === 'done');
  T.check('progress: SOP step BJJ-04 (the team) is the current one', (await page.getAttribute('#sop-steps [data-code="SOP-BJJ-04"]', 'data-status')) === 'current');
  await page.locator('#sop-steps [data-code="SOP-BJJ-08"] summary').click();
  T.check('progress: a SOP step opens its details (the 20-working-day deadline)', (await text(page, '#sop-steps [data-code="SOP-BJJ-08"] .sop-details')).includes('20 hari kerja'));
  await page.click('#filed-toggle');
  await T.checkWait('progress: the filed FR.AK.04 opens read-only', page.locator('#filed-host .fr-part.fr-readonly').waitFor());
  await noHorizontalScroll(page, '/banding?id= (progress)');

  await page.goto(`${server.base}/banding`);
  await ready(page);
  T.check('Banding Saya: the appeal is listed', (await count(page, `#appeals tr[data-appeal="${appealId}"]`)) === 1);
  await noHorizontalScroll(page, '/banding (list)');
  await page.goto(`${server.base}/permohonan?id=${caseB}`);
  await ready(page);
  T.check('permohonan: the case links to its appeal, no second filing while it runs', (await count(page, `#appeal-links [data-appeal="${appealId}"] a[href="/banding?id=${appealId}"]`)) === 1 && (await count(page, '#appeal-file')) === 0);
  await context.close();
}

/* ---------- 5. the team is formed, reviews and rejects ---------- */

async function step5Team() {
  // the admin verified and scheduled case B: involved, so the server refuses
  const adm = await newPage(browser, problems, DESKTOP);
  await signIn(adm.page, ADMIN, '/admin/banding');
  T.check('nav: "Penanganan banding" for the admin', (await text(adm.page, '[data-nav=cert-appeals]')) === 'Penanganan banding');
  const row = adm.page.locator(`#appeals tr[data-appeal="${appealId}"]`);
  await T.checkWait('admin/banding: the appeal is listed', row.waitFor());
  await adm.page.click('#filter-overdue');
  await ready(adm.page);
  T.check('admin/banding: "overdue only" leaves it out', (await count(adm.page, `#appeals tr[data-appeal="${appealId}"]`)) === 0 && (await text(adm.page, '#appeals tbody')).includes('Tidak ada banding'));
  await adm.page.goto(`${server.base}/admin/banding?id=${appealId}`);
  await ready(adm.page);
  T.check('admin/banding: the appellant\'s FR.AK.04 is shown', (await count(adm.page, '#form-host .fr-part.fr-readonly')) >= 1);
  await adm.page.click('#step-buttons [data-event="appeal_team_form"]');
  const member = adm.page.locator(`#team-${timId}`);
  await T.checkWait('team: the appeal team accounts are offered', member.waitFor());
  await adm.page.click('#step-submit');
  await T.checkWait('team: at least one member is required', adm.page.locator('[data-error-for="team"]', { hasText: 'Pilih paling sedikit satu anggota' }).waitFor());
  await member.check();
  await adm.page.click('#step-submit');
  await T.checkWait('team: an admin involved in the case is refused with the server\'s message', adm.page.locator('#step-form [data-form-error]', { hasText: 'terlibat' }).waitFor());
  T.check('API: still FILED', (await api.admin.must('GET', `/api/appeals/${appealId}`)).state === 'FILED');
  await adm.context.close();

  // the certification manager forms it from the candidates the server lists (GET
  // /api/appeals/:id/candidates), by name, although the manager may not list accounts
  const man = await newPage(browser, problems, DESKTOP);
  await signIn(man.page, MANAJER, `/admin/banding?id=${appealId}`);
  await man.page.click('#step-buttons [data-event="appeal_team_form"]');
  const cand = man.page.locator(`#team-${timId}`);
  await T.checkWait('team (manager): the appeal team members are listed by name', cand.waitFor());
  T.check('team (manager): no account numbers by hand', (await count(man.page, '#team-no-list')) === 0);
  await cand.check();
  await man.page.click('#step-submit');
  await T.checkWait('team (manager): stage "Tim dibentuk"', man.page.locator('#appeal-state[data-state="TEAM_FORMED"]').waitFor());
  T.check('team (manager): the team is listed', (await count(man.page, `#team-list [data-member="${timId}"]`)) === 1);
  T.check('team (manager): the manager has no review step', (await count(man.page, '#step-buttons [data-event]')) === 0 && (await text(man.page, '#steps-none')).includes('anggota tim banding'));
  await man.context.close();

  const tim = await newPage(browser, problems, DESKTOP);
  await signIn(tim.page, TIM, '/admin/banding');
  await T.checkWait('tim banding: the appeal is listed', tim.page.locator(`#appeals tr[data-appeal="${appealId}"]`).waitFor());
  await tim.page.click(`#appeals tr[data-appeal="${appealId}"] a[data-open]`);
  await ready(tim.page);
  await tim.page.click('#step-buttons [data-event="appeal_review_start"]');
  await tim.page.fill('#step-note', 'Telaah rekaman asesmen dan klarifikasi asesor.');
  await tim.page.click('#step-submit');
  await T.checkWait('tim banding: review started, stage "Dalam pemeriksaan"', tim.page.locator('#appeal-state[data-state="IN_REVIEW"]').waitFor());
  T.check('tim banding: uphold and reject offered, reject as a caution button', (await count(tim.page, '#step-buttons [data-event="appeal_uphold"]')) === 1 && ((await tim.page.getAttribute('#step-buttons [data-event="appeal_reject"]', 'class')) || '').includes('btn-danger-outline'));
  await tim.page.click('#step-buttons [data-event="appeal_reject"]');
  await tim.page.click('#step-submit');
  await T.checkWait('reject: the reasons are required', tim.page.waitForFunction(() => document.querySelector('#step-note').getAttribute('aria-invalid') === 'true'));
  await tim.page.fill('#step-note', 'Rekaman menunjukkan asesi diberi kesempatan menjawab; keputusan BK tetap.');
  await tim.page.click('#step-submit');
  await T.checkWait('reject: stage "Banding ditolak"', tim.page.locator('#appeal-state[data-state="REJECTED"]').waitFor());
  T.check('reject: the history keeps the team\'s note', (await text(tim.page, '#appeal-history [data-event="appeal_reject"] .history-note')).includes('keputusan BK tetap'));
  const a = await api.asesiB.must('GET', `/api/appeals/${appealId}`);
  T.check('API: the appeal is REJECTED', a.state === 'REJECTED' && a.decision_note.includes('keputusan BK tetap'));
  await tim.context.close();
}

/* ---------- 6. the asesi sees the decision; a second appeal is upheld ---------- */

async function step6Outcome() {
  const { page, context } = await newPage(browser, problems, PHONE);
  await signIn(page, ASESI_B.email, `/banding?id=${appealId}`, ASESI_B.password);
  await T.checkWait('asesi B: stage "Banding ditolak"', page.locator('#appeal-state[data-state="REJECTED"]').waitFor());
  T.check('asesi B: the decision and the team\'s reasons', (await text(page, '#verdict')).includes('banding ditolak') && (await text(page, '#verdict-note')).includes('keputusan BK tetap'));
  T.check('asesi B: SOP step BJJ-08 (the decision) done', (await page.getAttribute('#sop-steps [data-code="SOP-BJJ-08"]', 'data-status')) === 'done');
  T.check('asesi B: SOP step BJJ-09 (follow-up of an upheld appeal) does not apply', (await page.getAttribute('#sop-steps [data-code="SOP-BJJ-09"]', 'data-status')) === 'na');
  T.check('asesi B: the history shows each stage', (await count(page, '#appeal-history li')) === 4);
  await noHorizontalScroll(page, '/banding?id= (decided)');

  // a second appeal on B (the window is still open, none running): filed, team formed and review
  // started through the API; the team upholds it in the browser with a re-assessment
  const form = {
    dijelaskan: true,
    didiskusikan: true,
    melibatkan_orang_lain: false,
    lingkup: 'skema',
    keputusan_dibanding: 'Keputusan Belum Kompeten SK-002',
    alasan: 'Bukti baru: rekaman wawancara tidak lengkap karena gangguan jaringan.',
    ttd_asesi: true,
  };
  const second = await api.asesiB.must('POST', '/api/appeals', { case_id: caseB, data: form, password: ASESI_B.password });
  const man = await signedIn(server.base, MANAJER);
  await man.must('POST', `/api/appeals/${second.id}/events/appeal_team_form`, { team: [timId] });
  const timApi = await signedIn(server.base, TIM);
  await timApi.must('POST', `/api/appeals/${second.id}/events/appeal_review_start`, {});
  const tim = await newPage(browser, problems, DESKTOP);
  await signIn(tim.page, TIM, `/admin/banding?id=${second.id}`);
  await tim.page.click('#step-buttons [data-event="appeal_uphold"]');
  await T.checkWait('uphold: the follow-up is asked, re-assessment first', tim.page.locator('#step-outcome-reassessment:checked').waitFor());
  T.check('uphold: the changed-decision fields stay hidden for a re-assessment', await tim.page.locator('#changed-fields').isHidden());
  await tim.page.check('#step-outcome-decision_changed');
  T.check('uphold: a changed decision asks for result, SK and minutes; "K" preselected against BK', (await tim.page.locator('#changed-fields').isVisible()) && (await tim.page.isChecked('#step-result-K')));
  await tim.page.check('#step-outcome-reassessment');
  await tim.page.fill('#step-note', 'Rekaman wawancara terputus; asesmen ulang oleh asesor yang berbeda.');
  await tim.page.click('#step-submit');
  await T.checkWait('uphold: stage "Banding diterima" with the linked re-assessment case', tim.page.locator('#outcome-case').waitFor());
  const up = await timApi.must('GET', `/api/appeals/${second.id}`);
  T.check('API: UPHELD with a re-assessment case', up.state === 'UPHELD' && up.outcome === 'reassessment' && up.outcome_case_id > 0);
  T.check('uphold: the link opens the new case', (await tim.page.getAttribute('#outcome-case', 'href')) === `/permohonan?id=${up.outcome_case_id}`);
  await tim.context.close();

  await page.goto(`${server.base}/banding?id=${second.id}`);
  await ready(page);
  T.check('asesi B: the upheld appeal and the re-assessment case', (await text(page, '#verdict')).includes('banding diterima') && (await page.getAttribute('#outcome-case', 'href')) === `/permohonan?id=${up.outcome_case_id}`);
  await page.goto(`${server.base}/permohonan?id=${up.outcome_case_id}`);
  await ready(page);
  T.check('asesi B: the re-assessment case names the case it re-assesses', (await text(page, '#summary')).includes(`Permohonan #${caseB}`));
  T.check('asesi B: no assessment sheet link before the assessment', await page.locator('#assessment-link-row').isHidden());
  // the assessment sheet (/asesmen, built elsewhere) is linked while the case is in ASSESSING
  sqlite(server, `UPDATE cert_cases SET state = 'ASSESSING' WHERE id = ${Number(up.outcome_case_id)};`);
  await page.reload();
  await ready(page);
  T.check('asesi B: "Buka lembar asesmen" links to the assessment sheet during the assessment', (await page.isVisible('#assessment-link')) && (await text(page, '#assessment-link')) === 'Buka lembar asesmen' && (await page.getAttribute('#assessment-link', 'href')) === `/asesmen?case=${up.outcome_case_id}`);
  await context.close();
}

/* ---------- 7. a closed appeal window ---------- */

async function step7Window() {
  // the decision of case C moved 30 days back: past the scheme's window (appeal_days)
  sqlite(server, `UPDATE cert_decisions SET decided_at = decided_at - ${30 * 24 * 3600 * 1000} WHERE case_id = ${Number(caseC)};`);
  const { page, context } = await newPage(browser, problems, PHONE);
  await signIn(page, ASESI_C.email, `/permohonan?id=${caseC}`, ASESI_C.password);
  await T.checkWait('asesi C: the case page says the appeal window closed', page.locator('#appeal-closed').waitFor());
  T.check('asesi C: no appeal button after the window', (await count(page, '#appeal-file')) === 0);
  await page.goto(`${server.base}/banding?case=${caseC}`);
  await ready(page);
  await page.check('input[name="dijelaskan"][value="true"]');
  await page.check('input[name="didiskusikan"][value="false"]');
  await page.check('input[name="melibatkan_orang_lain"][value="false"]');
  await page.check('input[name="lingkup"][value="skema"]');
  await page.fill('[name="alasan"]', 'Saya keberatan dengan proses asesmen yang tergesa-gesa.');
  await page.check('[name="ttd_asesi"]');
  await page.click('#appeal-submit');
  await T.checkWait('asesi C: the server\'s refusal (appeal window closed) is shown', page.locator('#appeal-form [data-form-error]', { hasText: 'Tenggat pengajuan banding' }).waitFor());
  T.check('API: no appeal filed for C', ((await api.asesiC.must('GET', '/api/appeals')).appeals || []).length === 0);
  await context.close();
}

/* ---------- 8. the staff lists on a phone ---------- */

async function step8Phone() {
  const { page, context } = await newPage(browser, problems, PHONE);
  await signIn(page, ADMIN, '/admin/keputusan');
  await noHorizontalScroll(page, '/admin/keputusan');
  await page.goto(`${server.base}/admin/banding`);
  await ready(page);
  await noHorizontalScroll(page, '/admin/banding');
  await page.goto(`${server.base}/admin/banding?id=${appealId}`);
  await ready(page);
  await noHorizontalScroll(page, '/admin/banding?id=');
  await context.close();
}

async function main() {
  server = await startServer();
  await setup();
  browser = await launchBrowser();
  await step1Committee();
  await step2Certificate();
  await step3AsesiResult();
  await step4File();
  await step5Team();
  await step6Outcome();
  await step7Window();
  await step8Phone();
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
