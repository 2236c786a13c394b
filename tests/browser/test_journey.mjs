// The whole certification journey in Chromium against the real server (--demo), every step taken
// on the web pages by the person whose step it is:
//   a new asesi registers, applies for the demo scheme (FR.APL.01 with an upload per requirement);
//   the admin verifies, accepts and schedules; the asesi self-assesses (FR.APL.02); the assessor
//   continues, confirms the plan (potential category), both sign FR.AK.01 (the asesi as a
//   sign-only step), the assessor checks the identity and starts; the asesi answers IA.05 and IA.06
//   on the assessment page; the assessor judges every instrument and ends the stage, records
//   FR.AK.02 (BK, signed by both), the asesi gives FR.AK.03 feedback, the assessor writes FR.AK.05
//   and FR.AK.06; the committee decides BK; the asesi appeals (FR.AK.04); the manager forms the
//   team; the appeal team upholds it and changes the decision to K; the admin records the BNSP
//   certificate numbers; the asesi sees "Kompeten" and the certificate.
// Forms are filled by a generic filler over what the renderer drew (each required control gets a
// plausible value; a few values are chosen on purpose). Afterwards the case history holds every
// step and "ujikom ledger verify" accepts the chain. Prints "N passed, M failed".

import { launchBrowser, newPage } from './lib/browser.mjs';
import { StepAbort, createChecks } from './lib/check.mjs';
import { startServer } from './lib/server.mjs';
import { as } from './lib/case-api.mjs';

const T = createChecks();
const problems = [];
const DEMO_PW = 'Demo-Ujikom-2026';
const ASESI = { name: 'Rina Kartika', nik: '3273014506920003', email: 'rina.kartika@example.id', phone: '081298765432', password: 'Rina-Sertifikasi-2026' };
const DESKTOP = { viewport: { width: 1280, height: 900 } };
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

let server = null;
let browser = null;
let caseId = null;
let skema = null;

const ready = (page) => page.waitForSelector('body[data-ready]');
const text = async (page, sel) => ((await page.locator(sel).first().textContent()) || '').trim();
const waitStage = (page, state) => page.waitForSelector(`#timeline li[data-state="${state}"][aria-current="step"]`, { timeout: 15000 });

async function signIn(page, email, password, next) {
  await page.goto(`${server.base}/masuk?next=${encodeURIComponent(next)}`);
  await ready(page);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.click('#login-form button[type=submit]');
  await page.waitForURL((u) => u.pathname === next.split('?')[0]);
  await ready(page);
}

async function open(role, next, opts = DESKTOP) {
  const { page, context } = await newPage(browser, problems, opts, 15000);
  page.on('dialog', (d) => d.accept());
  const cred = role === 'asesi' ? [ASESI.email, ASESI.password] : [`${role}@demo.ujikom.id`, DEMO_PW];
  await signIn(page, cred[0], cred[1], next);
  return { page, context };
}

/** Fills every empty required control of the editable parts the renderer drew under root;
 *  choose maps a field name (regex source) to the value a radio/select should take. Two rounds,
 *  because fields that depend on an answer appear after it. */
async function fill(page, root, choose = {}) {
  for (let round = 0; round < 2; round++) {
    await page.evaluate(
      ({ root, choose }) => {
        const pick = (name) => {
          for (const [re, v] of Object.entries(choose)) if (new RegExp(re).test(name)) return v;
          return null;
        };
        const fire = (el) => {
          el.dispatchEvent(new Event('input', { bubbles: true }));
          el.dispatchEvent(new Event('change', { bubbles: true }));
        };
        const visible = (el) => !el.closest('[hidden]') && !el.disabled && el.closest('.fr-editable');
        const scope = document.querySelector(root);
        const radios = new Map();
        for (const el of scope.querySelectorAll('input, select, textarea')) {
          if (!visible(el)) continue;
          const name = el.name;
          if (el.type === 'radio') {
            if (!radios.has(name)) radios.set(name, []);
            radios.get(name).push(el);
          } else if (el.type === 'checkbox') {
            const group = scope.querySelectorAll(`input[type=checkbox][name="${CSS.escape(name)}"]`);
            if (group.length === 1 && el.required && !el.checked) el.click();
            else if (group.length > 1 && el === group[0] && ![...group].some((x) => x.checked)) el.click();
          } else if (el.tagName === 'SELECT') {
            const want = pick(name);
            const opt = [...el.options].find((o) => (want ? o.value === want : o.value));
            if (el.required && !el.value && opt) {
              el.value = opt.value;
              fire(el);
            }
          } else if (el.type === 'date') {
            if (!el.value) {
              el.value = new Date().toISOString().slice(0, 10);
              fire(el);
            }
          } else if (el.type === 'time') {
            if (!el.value) {
              el.value = '09:00';
              fire(el);
            }
          } else if (el.type === 'number') {
            if (!el.value && el.required) {
              el.value = el.min || '1';
              fire(el);
            }
          } else if (el.type !== 'file' && el.required && !el.value) {
            const min = Number(el.getAttribute('minlength') || 0);
            let v = pick(name) || 'Diisi sesuai keadaan sebenarnya pada asesmen uji.';
            while (v.length < min) v += ' Keterangan tambahan.';
            el.value = v;
            fire(el);
          }
        }
        for (const [name, group] of radios) {
          const want = pick(name);
          const target = (want && group.find((r) => r.value === want)) || (!group.some((r) => r.checked) && group[0]);
          if (target && !target.checked) target.click();
        }
      },
      { root, choose },
    );
  }
}

/** Opens the step button `event` on the case page, fills its form and submits; waits for `state`. */
async function formStep(page, event, state, choose = {}) {
  await page.click(`#step-buttons [data-event="${event}"]`);
  await page.waitForSelector('#step-form .fr');
  await fill(page, '#step-form', choose);
  await page.click('#step-submit');
  if (state) await waitStage(page, state);
}

/** The case's state as the admin reads it through the API. */
async function stateOf(admin) {
  return (await admin.expect(200, 'GET', `/api/cases/${caseId}`)).state;
}

async function main() {
  server = await startServer({ demo: true });
  browser = await launchBrowser();
  const admin = await as(server.base, 'admin');
  const jadwal = (await admin.expect(200, 'GET', '/api/jadwal')).jadwal[0];
  skema = await admin.expect(200, 'GET', `/api/skema/${jadwal.skema_id}`);

  /* the asesi registers and applies, on a phone */
  let { page, context } = await newPage(browser, problems, PHONE, 15000);
  await page.goto(`${server.base}/daftar`);
  await ready(page);
  await page.fill('#name', ASESI.name);
  await page.fill('#nik', ASESI.nik);
  await page.fill('#email', ASESI.email);
  await page.fill('#phone', ASESI.phone);
  await page.fill('#password', ASESI.password);
  await page.fill('#password_confirm', ASESI.password);
  await Promise.all([page.waitForURL((u) => u.pathname === '/masuk'), page.click('button[type=submit]')]);
  T.check('asesi: registered, sent to sign in', new URL(page.url()).searchParams.get('terdaftar') === '1', page.url());
  await context.close();
  ({ page, context } = await open('asesi', '/sertifikasi', PHONE));
  await page.check(`#skema-${skema.id}`);
  await page.check('#purpose-sertifikasi');
  await page.click('#new-form button[type=submit]');
  await page.waitForURL((u) => u.pathname === '/permohonan' && u.searchParams.has('id'));
  caseId = new URL(page.url()).searchParams.get('id');
  await ready(page);
  await page.waitForSelector('#step-form[data-form="FR.APL.01"] .fr');
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
  for (const [i, r] of skema.requirements.entries()) {
    const photo = Array.isArray(r.types) && !r.types.includes('pdf');
    const file = photo ? { name: `foto-${i + 1}.png`, mimeType: 'image/png', buffer: png } : { name: `bukti-${i + 1}.pdf`, mimeType: 'application/pdf', buffer: pdf };
    await page.setInputFiles(`input[type=file][name="bukti_persyaratan[${i}].berkas"]`, file);
    await page.locator(`.fr-file-field[data-path="bukti_persyaratan[${i}].berkas"] progress.upload-progress[data-state="done"]`).waitFor();
  }
  await fill(page, '#step-form', { jenis_kelamin: 'perempuan', kualifikasi_pendidikan: 'd4_s1', sumber_anggaran: 'mandiri', kode_pos: '40115', hp: ASESI.phone, nik: ASESI.nik, tempat_lahir: 'Bandung', kebangsaan: 'Indonesia', alamat_rumah: 'Jl. Dago No. 12, Bandung' });
  await page.click('#step-submit');
  await waitStage(page, 'APL01_SUBMITTED');
  T.check('asesi: FR.APL.01 signed and submitted', (await stateOf(admin)) === 'APL01_SUBMITTED');
  await context.close();

  /* the admin verifies, accepts and schedules */
  ({ page, context } = await open('admin', `/permohonan?id=${caseId}`));
  await formStep(page, 'apl01_accept', 'APL01_ACCEPTED', { '\\.status$': 'ada_memenuhi', '^rekomendasi$': 'diterima' });
  await page.click('#step-buttons [data-event="schedule_assign"]');
  await page.locator(`#step-jadwal option[value="${jadwal.id}"]`).waitFor({ state: 'attached' });
  await page.selectOption('#step-jadwal', String(jadwal.id));
  await page.click('#step-submit');
  await waitStage(page, 'SCHEDULED');
  T.check('admin: accepted and scheduled', (await stateOf(admin)) === 'SCHEDULED');
  await context.close();

  /* the asesi self-assesses */
  ({ page, context } = await open('asesi', `/permohonan?id=${caseId}`, PHONE));
  await page.waitForSelector('#step-form[data-form="FR.APL.02"] .fr');
  await fill(page, '#step-form', { kompeten: 'BK' });
  await page.click('#step-submit');
  await waitStage(page, 'APL02_SUBMITTED');
  await context.close();

  /* the assessor: pre-assessment, plan, consent (the asesi signs in between), start */
  const asesor = await open('asesor', '/asesor');
  const row = asesor.page.locator(`#cases tr[data-case="${caseId}"]`);
  await row.waitFor();
  T.check('asesor: "Asesmen saya" lists the case with the asesi\'s name', (await row.textContent()).includes(ASESI.name));
  await Promise.all([asesor.page.waitForURL((u) => u.pathname === '/permohonan'), row.locator('a[data-open]').click()]);
  await ready(asesor.page);
  await formStep(asesor.page, 'apl02_continue', 'PRE_ASSESSED');
  await asesor.page.click('#step-buttons [data-event="plan_confirm"]');
  await asesor.page.selectOption('#step-potensi', '1');
  await asesor.page.click('#step-submit');
  await waitStage(asesor.page, 'PLANNED');
  T.check('asesor: plan confirmed with the potential category', (await admin.expect(200, 'GET', `/api/cases/${caseId}`)).potensi === 1);
  ({ page, context } = await open('asesi', `/permohonan?id=${caseId}`, PHONE));
  await page.waitForSelector('#step-buttons [data-event="sign:FR.AK.01"]');
  T.check('asesi: FR.AK.01 offered as a sign-only step', (await page.locator('#step-buttons [data-event="sign:FR.AK.01"]').count()) === 1);
  await page.waitForSelector('#step-form[data-form="FR.AK.01"] .fr'); // opens by itself
  await fill(page, '#step-form');
  await page.click('#step-submit');
  await page.waitForSelector('#signed-forms [data-form="FR.AK.01"] [data-role="asesi"]');
  await context.close();
  await asesor.page.reload();
  await ready(asesor.page);
  await formStep(asesor.page, 'consent_sign', 'CONSENTED', { bukti_dikumpulkan: 'observasi_langsung' });
  await asesor.page.click('#step-buttons [data-event="assessment_start"]');
  await asesor.page.click('#step-submit');
  await asesor.page.waitForSelector('[data-error-for="identity_checked"]:not(:empty)');
  T.check('asesor: the assessment does not start without the identity check', (await stateOf(admin)) === 'CONSENTED');
  await asesor.page.check('#step-identity');
  await asesor.page.click('#step-submit');
  await waitStage(asesor.page, 'ASSESSING');

  /* the asesi answers the written questions */
  ({ page, context } = await open('asesi', `/asesmen?case=${caseId}`, PHONE));
  for (const code of ['ia05', 'ia06']) {
    await page.click(`[data-start="${code}"]`);
    await page.waitForSelector('#sheet-panel:not([hidden]) .sheet-q');
    if (code === 'ia05') {
      const n = await page.locator('#sheet-host .sheet-q').count();
      for (let i = 0; i < n; i++) await page.locator('#sheet-host .sheet-q').nth(i).locator('input[value="a"]').check();
    } else {
      const areas = page.locator('#sheet-host textarea');
      for (let i = 0; i < (await areas.count()); i++) await areas.nth(i).fill('Jawaban esai asesi tentang perencanaan dan pelaksanaan asesmen.');
    }
    await page.click('#sheet-submit');
    await page.waitForFunction(() => document.querySelector('#sheet-status').dataset.state === 'final');
  }
  const sheets = (await admin.expect(200, 'GET', `/api/cases/${caseId}/instruments`)).instruments.filter((it) => it.online);
  T.check('asesi: IA.05 and IA.06 submitted', sheets.length === 2 && sheets.every((it) => it.sheet && it.sheet.status === 'final' && it.sheet.final_by === 'asesi'), JSON.stringify(sheets.map((it) => it.sheet)));
  await context.close();

  /* the assessor judges and records */
  await asesor.page.goto(`${server.base}/asesmen?case=${caseId}`);
  await ready(asesor.page);
  for (const code of ['ia01', 'ia05', 'ia06', 'ia07']) {
    await asesor.page.click(`[data-judge="${code}"]`);
    await asesor.page.waitForSelector('#judge-panel:not([hidden]) form');
    const n = await asesor.page.locator('#judge-host .judge-item').count();
    for (let i = 0; i < n; i++) {
      await asesor.page.check(`#butir-${code}-${i}-K`);
      const s = asesor.page.locator(`#butir-${code}-${i}-ringkasan`);
      if (await s.count()) await s.fill('Asesi menjawab sebagian.');
    }
    await asesor.page.check(`#rek-${code}-${code === 'ia05' ? 'BK' : 'K'}`);
    await asesor.page.click('#judge-sign');
    await asesor.page.waitForSelector('#judge-panel[hidden]', { state: 'attached' });
  }
  await Promise.all([asesor.page.waitForURL((u) => u.pathname === '/permohonan'), asesor.page.click('#complete')]);
  await ready(asesor.page);
  await waitStage(asesor.page, 'INSTRUMENTS_DONE');
  await formStep(asesor.page, 'assessment_record', null, { metode: 'tertulis', kompeten: 'BK', '^rekomendasi$': 'BK' });
  await asesor.page.waitForSelector('#notice:not([hidden])');
  T.check('asesor: FR.AK.02 signed; the step waits for the asesi', (await text(asesor.page, '#notice')).includes('FR.AK.02'), await text(asesor.page, '#notice'));

  ({ page, context } = await open('asesi', `/permohonan?id=${caseId}`, PHONE));
  await page.waitForSelector('#step-form[data-form="FR.AK.02"] .fr');
  await fill(page, '#step-form');
  await page.click('#step-submit');
  await page.waitForSelector('#signed-forms [data-form="FR.AK.02"] [data-role="asesi"]');
  await context.close();
  await asesor.page.reload();
  await ready(asesor.page);
  await formStep(asesor.page, 'assessment_record', 'RECORDED');

  ({ page, context } = await open('asesi', `/permohonan?id=${caseId}`, PHONE));
  await page.waitForSelector('#step-form[data-form="FR.AK.03"] .fr');
  await fill(page, '#step-form');
  await page.click('#step-submit');
  await waitStage(page, 'FEEDBACK_DONE');
  await context.close();

  await asesor.page.reload();
  await ready(asesor.page);
  await formStep(asesor.page, 'batch_report', 'REPORTED');
  await formStep(asesor.page, 'process_review', 'PROCESS_REVIEWED');
  T.check('asesor: FR.AK.05 and FR.AK.06 done', (await stateOf(admin)) === 'PROCESS_REVIEWED');
  await asesor.context.close();

  /* the committee decides BK */
  ({ page, context } = await open('komite-teknis', `/permohonan?id=${caseId}`));
  await page.click('#step-buttons [data-event="decide_bk"]');
  await page.fill('[name="sk_number"]', 'SK-014/LSP-DEMO/XI/2026');
  await page.fill('[name="berita_acara"]', 'Rapat pleno komite teknis: rekomendasi asesor BK diterima; bukti belum memadai.');
  await page.click('#step-submit');
  await waitStage(page, 'DECIDED_BK');
  await context.close();

  /* the asesi appeals */
  ({ page, context } = await open('asesi', `/permohonan?id=${caseId}`, PHONE));
  await page.waitForSelector('#outcome-result[data-result="BK"]');
  await page.click('#appeal-file');
  await page.waitForURL((u) => u.pathname === '/banding');
  await ready(page);
  await page.waitForSelector('#appeal-form .fr[data-form-code="FR.AK.04"]');
  await page.check('input[name="dijelaskan"][value="true"]');
  await page.check('input[name="didiskusikan"][value="true"]');
  await page.check('input[name="melibatkan_orang_lain"][value="false"]');
  await page.check('input[name="lingkup"][value="skema"]');
  await page.fill('[name="alasan"]', 'Soal pilihan ganda tidak sesuai unit yang diujikan; proses tidak sesuai prinsip asesmen yang valid.');
  await page.check('[name="ttd_asesi"]');
  await page.click('#appeal-submit');
  await page.waitForURL((u) => u.pathname === '/banding' && u.searchParams.has('id'));
  const appealId = new URL(page.url()).searchParams.get('id');
  await page.locator('#receipt').waitFor();
  T.check('asesi: the appeal is filed with a receipt number and the SOP shown', (await page.locator('#sop-steps li.sop-step').count()) >= 10);
  await context.close();

  /* the manager forms the team; the appeal team upholds and changes the decision */
  const tim = await as(server.base, 'tim-banding');
  const timId = (await tim.expect(200, 'GET', '/api/session')).account.id;
  ({ page, context } = await open('manajer-sertifikasi', `/admin/banding?id=${appealId}`));
  await page.click('#step-buttons [data-event="appeal_team_form"]');
  await page.check(`#team-${timId}`);
  await page.click('#step-submit');
  await page.locator('#appeal-state[data-state="TEAM_FORMED"]').waitFor();
  await context.close();
  ({ page, context } = await open('tim-banding', `/admin/banding?id=${appealId}`));
  await page.click('#step-buttons [data-event="appeal_review_start"]');
  await page.click('#step-submit');
  await page.locator('#appeal-state[data-state="IN_REVIEW"]').waitFor();
  await page.click('#step-buttons [data-event="appeal_uphold"]');
  await page.check('#step-outcome-decision_changed');
  await page.check('#step-result-K');
  await fill(page, '#step-form');
  for (const el of await page.locator('#changed-fields input[type=text], #changed-fields textarea').all()) {
    if (!(await el.inputValue())) await el.fill((await el.getAttribute('name')) === 'sk_number' ? 'SK-015/LSP-DEMO/XI/2026' : 'Rapat tim banding: butir IA.05 di luar unit; keputusan diubah menjadi Kompeten.');
  }
  await page.fill('#step-note', 'Butir soal tidak valid terhadap unit; bukti lain menunjukkan kompeten.');
  await page.click('#step-submit');
  await page.locator('#appeal-state[data-state="UPHELD"]').waitFor();
  const upheld = await admin.expect(200, 'GET', `/api/appeals/${appealId}`);
  T.check('tim banding: the appeal is upheld with a changed decision', upheld.state === 'UPHELD' && upheld.outcome === 'decision_changed' && (await stateOf(admin)) === 'DECIDED_K', JSON.stringify({ state: upheld.state, outcome: upheld.outcome }));
  await context.close();

  /* the admin records the certificate; the asesi sees it */
  ({ page, context } = await open('admin', `/permohonan?id=${caseId}`));
  await waitStage(page, 'DECIDED_K');
  await page.click('#step-buttons [data-event="certificate_record"]');
  await page.fill('[name="certificate_number"]', '62090 2421 1 0000999 2026');
  await page.fill('[name="registration_number"]', 'MET.000.009999 2026');
  await page.fill('[name="blanko_number"]', '10617999');
  await page.click('#step-submit');
  await waitStage(page, 'CERTIFIED');
  await context.close();
  ({ page, context } = await open('asesi', `/permohonan?id=${caseId}`, PHONE));
  await page.waitForSelector('#outcome-result[data-result="K"]');
  T.check('asesi: "Kompeten" and the certificate number', (await text(page, '#outcome')).includes('62090 2421 1 0000999 2026'));
  await context.close();

  const kase = await admin.expect(200, 'GET', `/api/cases/${caseId}`);
  T.check('API: the case is CERTIFIED with a certificate valid 36 months', kase.state === 'CERTIFIED' && !!kase.certificate && !!kase.certificate.valid_until, JSON.stringify(kase.certificate));
  const events = (kase.events || []).map((e) => e.event);
  T.check('API: the history holds every step of the journey', ['apl01_submit', 'schedule_assign', 'consent_sign', 'instruments_complete', 'decide_bk', 'decision_amend', 'certificate_record'].every((e) => events.includes(e)), events.join(','));
  const verify = server.ledgerVerify();
  T.check('ledger: "ujikom ledger verify" accepts the chain after the journey', /OK/i.test(verify), verify.trim());
}

let exitCode = 1;
try {
  await main();
} catch (err) {
  if (!(err instanceof StepAbort)) T.fail('the journey ran to the end', err.stack || String(err));
} finally {
  T.check('no page errors, CSP violations or missing translations', problems.length === 0, problems.join('\n'));
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop().catch(() => {});
  exitCode = T.summary();
}
process.exit(exitCode);
