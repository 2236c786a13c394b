// The assessment page (/asesmen?case=N) in Chromium against the real server (--demo). A case is
// taken through the API to ASSESSING (lib/case-api.mjs); then in the browser:
//  1. the asesi on a 360 px phone sees the planned instruments (IA.05 and IA.06 online, the others
//     "run by the assessor"), starts IA.05: the questions appear with a running timer, never an
//     answer key; answers are saved to the server (revision grows);
//  2. the connection drops (the browser goes offline): the page says so and a new answer stays on
//     the device; back online the page is reloaded: the sheet reopens by itself with that answer,
//     which then reaches the server (nothing lost, the deadline unchanged);
//  3. the asesi submits and signs IA.05 (the confirm dialog), then starts IA.06, writes an essay,
//     submits;
//  4. the assessor judges every instrument on a laptop: IA.05 shows the score; a K against a BK
//     line is refused at its field; each result is signed; "all instruments done" moves the case
//     to INSTRUMENTS_DONE.
// No page errors, CSP violations or missing translations. Prints "N passed, M failed".

import { launchBrowser, newPage } from './lib/browser.mjs';
import { StepAbort, createChecks } from './lib/check.mjs';
import { startServer } from './lib/server.mjs';
import { as, caseTo } from './lib/case-api.mjs';

const T = createChecks();
const problems = [];
const PW = 'Demo-Ujikom-2026';
const DESKTOP = { viewport: { width: 1280, height: 900 } };
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

let server = null;
let browser = null;

const ready = (page) => page.waitForSelector('body[data-ready]');

async function login(ctxOpts, email) {
  const { page, context } = await newPage(browser, problems, ctxOpts);
  await page.goto(`${server.base}/masuk`);
  await ready(page);
  await page.fill('#email', email);
  await page.fill('#password', PW);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/masuk')), page.click('button[type="submit"]')]);
  return { page, context };
}

async function sheetOf(api, caseId, code) {
  const r = await api.expect(200, 'GET', `/api/cases/${caseId}/instruments`);
  return r.instruments.find((x) => x.code === code);
}

async function main() {
  server = await startServer({ demo: true });
  browser = await launchBrowser();
  const { caseId } = await caseTo(server.base, 'ASSESSING');
  T.check('API: the case reached ASSESSING', !!caseId);
  const asesiApi = await as(server.base, 'asesi');

  /* 1. the asesi on a phone */
  const { page, context } = await login(PHONE, 'asesi@demo.ujikom.id');
  page.on('dialog', (d) => d.accept());
  await page.goto(`${server.base}/asesmen?case=${caseId}`);
  await ready(page);
  const codes = await page.locator('#instrument-list > li').evaluateAll((els) => els.map((e) => e.dataset.instrument));
  T.check('asesi: the plan lists IA.01, IA.05, IA.06, IA.07', codes.join(',') === 'ia01,ia05,ia06,ia07', codes.join(','));
  T.check('asesi: only the online sheets can be started', (await page.locator('[data-start]').count()) === 2);
  await page.click('[data-start="ia05"]');
  await page.waitForSelector('#sheet-panel:not([hidden]) .sheet-q');
  const nq = await page.locator('#sheet-host .sheet-q').count();
  T.check('asesi: IA.05 shows its 10 questions', nq === 10, String(nq));
  const timer1 = await page.textContent('#sheet-timer');
  T.check('asesi: the timer runs', /\d+:\d\d/.test(timer1), timer1);
  const html = await page.content();
  T.check('asesi: no answer key in the page', !/"key"|kunci:/.test(html));
  await page.locator('#sheet-host .sheet-q').nth(0).locator('input[value="b"]').check();
  await page.locator('#sheet-host .sheet-q').nth(1).locator('input[value="a"]').check();
  await page.waitForFunction(() => document.querySelector('#sheet-status').dataset.state === 'saved', null, { timeout: 10000 });
  let it = await sheetOf(asesiApi, caseId, 'ia05');
  T.check('server: two answers saved', it.sheet.answers[0] === 'b' && it.sheet.answers[1] === 'a', JSON.stringify(it.sheet.answers));
  const rev1 = it.sheet.revision;

  /* 2. offline: the answers stay on the device, survive a reload, reach the server later */
  await context.setOffline(true);
  await page.locator('#sheet-host .sheet-q').nth(2).locator('input[value="c"]').check();
  await page.waitForFunction(() => document.querySelector('#sheet-status').dataset.state === 'offline', null, { timeout: 15000 });
  T.check('asesi: the page says it is offline', (await page.textContent('#sheet-status')).includes('Tidak tersambung'));
  it = await sheetOf(asesiApi, caseId, 'ia05');
  T.check('server: the offline answer has not arrived', it.sheet.answers[2] === null);
  await context.setOffline(false);
  await page.reload();
  await ready(page);
  await page.waitForSelector('#sheet-panel:not([hidden]) .sheet-q');
  T.check('asesi: after a reload the sheet reopens with the offline answer', await page.locator('#sheet-host .sheet-q').nth(2).locator('input[value="c"]').isChecked());
  await page.waitForFunction(() => document.querySelector('#sheet-status').dataset.state === 'saved', null, { timeout: 15000 });
  it = await sheetOf(asesiApi, caseId, 'ia05');
  T.check('server: nothing lost after offline + reload', it.sheet.answers.slice(0, 3).join() === 'b,a,c' && it.sheet.revision > rev1, JSON.stringify(it.sheet));
  T.check('server: the deadline did not move with the reload', it.sheet.deadline_at === (await sheetOf(asesiApi, caseId, 'ia05')).sheet.deadline_at);

  /* 3. submit IA.05, then IA.06 */
  await page.click('#sheet-submit');
  await page.waitForFunction(() => document.querySelector('#sheet-status').dataset.state === 'final', null, { timeout: 10000 });
  it = await sheetOf(asesiApi, caseId, 'ia05');
  T.check('server: IA.05 final, by the asesi, hashed', it.sheet.status === 'final' && it.sheet.final_by === 'asesi' && /^[0-9a-f]{64}$/.test(it.sheet.sha256));
  await page.click('[data-start="ia06"]');
  await page.waitForSelector('#sheet-host textarea');
  const areas = page.locator('#sheet-host textarea');
  await areas.nth(0).fill('Menyusun FR.MAPA.01: pendekatan, bukti L/TL/T, metode, lalu konfirmasi ke manajer sertifikasi.');
  await areas.nth(1).fill('Memeriksa VATM setiap bukti dan mencatatnya.');
  await page.click('#sheet-submit');
  await page.waitForFunction(() => document.querySelector('#sheet-status').dataset.state === 'final', null, { timeout: 10000 });
  const noScroll = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
  T.check('asesi: no horizontal scroll at 360 px', noScroll);
  await context.close();

  /* 4. the assessor judges */
  const a = await login(DESKTOP, 'asesor@demo.ujikom.id');
  const ap = a.page;
  await ap.goto(`${server.base}/asesmen?case=${caseId}`);
  await ready(ap);
  T.check('asesor: "all done" is not offered yet', await ap.locator('#complete-row').isHidden());
  // IA.05: the score; answers b,a,c against the key
  await ap.click('[data-judge="ia05"]');
  await ap.waitForSelector('#judge-host .judge-ia05');
  T.check('asesor: IA.05 shows the score', (await ap.textContent('#judge-host')).includes('Skor:'));
  await ap.check('#rek-ia05-BK');
  await ap.click('#judge-sign');
  await ap.waitForSelector('#judge-panel[hidden]', { state: 'attached' });
  // IA.01: one BK line with K overall is refused, then all K
  await ap.click('[data-judge="ia01"]');
  await ap.waitForSelector('#judge-host .judge-item');
  const lines = await ap.locator('#judge-host .judge-item').count();
  for (let i = 0; i < lines; i++) await ap.check(`#butir-ia01-${i}-${i === 0 ? 'BK' : 'K'}`);
  await ap.check('#rek-ia01-K');
  await ap.click('#judge-sign');
  await ap.waitForSelector('[data-error-for="data.rekomendasi"]:not(:empty)');
  T.check('asesor: K with a BK line is refused at the recommendation', (await ap.textContent('[data-error-for="data.rekomendasi"]')).length > 0);
  await ap.check('#butir-ia01-0-K');
  await ap.click('#judge-sign');
  await ap.waitForSelector('#judge-panel[hidden]', { state: 'attached' });
  for (const code of ['ia06', 'ia07']) {
    await ap.click(`[data-judge="${code}"]`);
    await ap.waitForSelector('#judge-host .judge-item');
    const n = await ap.locator('#judge-host .judge-item').count();
    for (let i = 0; i < n; i++) {
      await ap.check(`#butir-${code}-${i}-K`);
      const s = ap.locator(`#butir-${code}-${i}-ringkasan`);
      if (await s.count()) await s.fill('Asesi menjawab sesuai jawaban yang diharapkan.');
    }
    await ap.check(`#rek-${code}-K`);
    await ap.click('#judge-sign');
    await ap.waitForSelector('#judge-panel[hidden]', { state: 'attached' });
  }
  await ap.waitForSelector('#complete-row:not([hidden])');
  await Promise.all([ap.waitForURL((u) => u.pathname === '/permohonan'), ap.click('#complete')]);
  const kase = await asesiApi.expect(200, 'GET', `/api/cases/${caseId}`);
  T.check('API: the case moved to INSTRUMENTS_DONE', kase.state === 'INSTRUMENTS_DONE', kase.state);
  await a.context.close();
}

let exitCode = 1;
try {
  await main();
} catch (err) {
  if (!(err instanceof StepAbort)) T.fail('test ran to the end', err.stack || String(err));
} finally {
  T.check('no page errors, CSP violations or missing translations', problems.length === 0, problems.join('\n'));
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop().catch(() => {});
  exitCode = T.summary();
}
process.exit(exitCode);
