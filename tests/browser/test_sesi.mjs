// The live remote session (web/sesi.html) and playback (web/rekaman.html) in Chromium with a fake
// camera and microphone, against the real server (--demo), inside a network namespace that has
// only `lo` (the script re-executes itself under `unshare -n` when run as root; set
// UJIKOM_NO_NETNS=1 to skip that). A case is taken through the API to CONSENTED; then:
//  1. the asesi (phone, 360 px) and the assigned assessor (laptop) reach /sesi from the case page;
//     the asesi waits, the assessor opens the session, the asesi's page finds it by itself;
//  2. each decodes the other's video (framesDecoded from getStats on the tile, and frames counted
//     with requestVideoFrameCallback); no horizontal scroll at 360 px;
//     an observer (auditor) decodes both participants' video and sends nothing; the assessor's
//     room connection is cut: the page says so, reconnects, and the call is rebuilt;
//  3. both record; the asesi's ingest connection stalls (the test holds back what the page sends
//     through routeWebSocket) until more than 10 chunks wait on the device and the page warns;
//     then the page is reloaded: the old recording resumes (&rec=), its backlog is resent from
//     the server's next_seq and it is finished, a new recording starts, the call comes back;
//  4. the assessor records the identity check (it reaches the asesi's timeline live), a flag
//     without a note is refused on the page, then the session is ended: each page flushes its
//     recording before the end;
//  5. through the API and on disk: every recording final (assessor 1, asesi 2), every chunk the
//     pages stored reached the server (chunk and byte counts equal), the device backlog is empty;
//     for each final file: ffprobe duration within 1 s of the recorded time (the span from the
//     MediaRecorder's start to its last stored chunk, as the page logged it: the reload splits
//     the asesi's time into two recordings, and what the dying page had not stored is not part
//     of either), Cues present, a clean decode, and its SHA-256 equals the sealed manifest's;
//  6. the playback page plays a recording, a seek to the middle works (seeked, currentTime near
//     the target), choosing the identity-check event seeks to its offset in the recording;
//  7. the case page's "Rekaman asesmen" (the block at the end of this file): the assessor and the
//     auditor (assessment.recording.view, at 360 px) see the session's recordings with posters
//     that load and a link to /rekaman?sesi= (whose player shows the poster); the asesi, who may
//     not watch (recording_asesi_view off), sees no such section.
// No page errors, CSP violations or missing translations. Prints "N passed, M failed".

import { spawnSync } from 'node:child_process';

/* ---------- hermetic: only loopback ---------- */
if (!process.env.UJIKOM_NETNS && !process.env.UJIKOM_NO_NETNS && process.getuid && process.getuid() === 0) {
  const probe = spawnSync('unshare', ['-n', 'true']);
  if (probe.status === 0) {
    const r = spawnSync('unshare', ['-n', 'sh', '-c', 'ip link set lo up && exec "$0" "$@"', process.execPath, ...process.argv.slice(1)], {
      stdio: 'inherit',
      env: { ...process.env, UJIKOM_NETNS: '1' },
    });
    process.exit(r.status === null ? 1 : r.status);
  }
  console.log('# unshare -n is not available: running in the current network namespace');
}

const { launchBrowser } = await import('./lib/browser.mjs');
const { StepAbort, createChecks } = await import('./lib/check.mjs');
const { startServer } = await import('./lib/server.mjs');
const { as, caseTo } = await import('./lib/case-api.mjs');
const P = await import('./lib/sesi-page.mjs');
const { DESKTOP, FAKE_MEDIA, PHONE, deviceLog, framesAbove, framesFromNewPeer, presentedFrames, ready, tileConn, tileFrames, uploadRows } = P;

const T = createChecks();
const problems = [];

let server = null;
let browser = null;
const t0 = Date.now();
const figures = {};
const rekamConns = [];
const sesiRoutes = [];
const iceAnswers = []; // "<email> <status>" of each GET /api/assessment/sessions/:id/ice

/** Signs in; notes every answer of the ICE route the page fetches. */
async function login(ctxOpts, email) {
  const r = await P.login(browser, problems, server.base, ctxOpts, email);
  r.page.on('response', async (res) => {
    if (!/\/api\/assessment\/sessions\/\d+\/ice$/.test(new URL(res.url()).pathname)) return;
    const body = await res.json().catch(() => null);
    iceAnswers.push(`${email} ${res.status()} ${body && Array.isArray(body.iceServers) ? body.iceServers.length : '-'}`);
  });
  return r;
}

async function main() {
  server = await startServer({ demo: true });
  browser = await launchBrowser(FAKE_MEDIA);
  const { caseId } = await caseTo(server.base, 'CONSENTED');
  T.check('API: the case reached CONSENTED', !!caseId);
  const asesorApi = await as(server.base, 'asesor');

  /* 1. both reach the session page from the case page */
  const s = await login(PHONE, 'asesi@demo.ujikom.id');
  // the asesi's ingest connections go through the test, which can hold back what the page sends
  await s.context.routeWebSocket(/\/ws\/rekam/, (ws) => {
    const conn = { hold: false };
    rekamConns.push(conn);
    const srv = ws.connectToServer();
    ws.onMessage((m) => {
      if (!conn.hold) srv.send(m);
    });
    srv.onMessage((m) => ws.send(m));
  });
  const sp = s.page;
  await sp.goto(`${server.base}/permohonan?id=${caseId}`);
  await ready(sp);
  await T.checkWait('asesi: the case page offers "Buka sesi video"', sp.waitForSelector('#session-link-row:not([hidden]) #session-link'));
  await Promise.all([sp.waitForURL(/\/sesi\?case=/), sp.click('#session-link')]);
  await ready(sp);
  await T.checkWait('asesi: waits for the assessor with a message', sp.waitForSelector('#wait-panel:not([hidden]) #wait-text:has-text("Menunggu asesor")'));
  T.check('asesi: cannot open the session', await sp.locator('#open-session').isHidden());

  const a = await login(DESKTOP, 'asesor@demo.ujikom.id');
  // the assessor's room connections go through the test, which can cut one (a lost network)
  await a.context.routeWebSocket(/\/ws\/sesi/, (ws) => {
    sesiRoutes.push({ page: ws, server: ws.connectToServer() });
  });
  const ap = a.page;
  await ap.goto(`${server.base}/permohonan?id=${caseId}`);
  await ready(ap);
  await T.checkWait('asesor: the case page offers "Buka sesi video"', ap.waitForSelector('#session-link-row:not([hidden]) #session-link'));
  await Promise.all([ap.waitForURL(/\/sesi\?case=/), ap.click('#session-link')]);
  await ready(ap);
  await ap.click('#open-session');
  await T.checkWait('asesor: the session opens, the room is joined', ap.waitForSelector('#conn-status[data-state="up"]', { timeout: 15000 }));
  const sessions = await asesorApi.expect(200, 'GET', `/api/assessment/sessions?case_id=${caseId}`);
  const sesi = sessions.sessions.find((x) => x.state === 'open');
  T.require('API: one open session for the case', sesi && sessions.sessions.length === 1);
  await T.checkWait('asesi: the waiting page finds the session by itself', sp.waitForSelector('#conn-status[data-state="up"]', { timeout: 20000 }));
  // no STUN/TURN configured: both pages asked for the ICE servers and got an empty list
  const iceSeen = () => ['asesor', 'asesi'].every((w) => iceAnswers.includes(`${w}@demo.ujikom.id 200 0`));
  for (let i = 0; i < 50 && !iceSeen(); i++) await new Promise((r) => setTimeout(r, 100)); // the listener reads the body
  T.check('both: the pages fetched the ICE servers (200, none configured)', iceSeen(), iceAnswers.join(', '));

  /* 2. video both ways */
  await T.checkWait('asesor: decodes the asesi\'s video (framesDecoded > 30)', framesAbove(ap, 30));
  await T.checkWait('asesi: decodes the assessor\'s video (framesDecoded > 30)', framesAbove(sp, 30));
  const fa1 = await tileFrames(ap);
  const fs1 = await tileFrames(sp);
  const presentedA = await presentedFrames(ap);
  const presentedS = await presentedFrames(sp);
  T.check(`asesor: the remote video presents frames (requestVideoFrameCallback: ${presentedA})`, presentedA >= 30);
  T.check(`asesi: the remote video presents frames (requestVideoFrameCallback: ${presentedS})`, presentedS >= 30);
  await framesAbove(ap, fa1);
  await framesAbove(sp, fs1);
  T.check('both: the decoded frame counts keep growing', true);
  const caps = await ap.locator('.vtile[data-conn] figcaption').allTextContents();
  T.check('asesor: the remote tile names the asesi and the role', caps.some((c) => /Asesi/.test(c)), caps.join(' | '));
  T.check('asesi: no horizontal scroll at 360 px', await sp.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1));
  T.check('asesi: no assessor controls', await sp.locator('#controls').isHidden());
  figures.framesBeforeReload = { asesor: await tileFrames(ap), asesi: await tileFrames(sp) };

  /* 2b. an observer (the auditor) watches both and sends nothing */
  const o = await login(DESKTOP, 'auditor@demo.ujikom.id');
  await o.page.goto(`${server.base}/sesi?case=${caseId}`);
  await ready(o.page);
  await T.checkWait('observer: joins the room', o.page.waitForSelector('#conn-status[data-state="up"]', { timeout: 15000 }));
  await T.checkWait('observer: decodes the video of both participants', o.page.waitForFunction(() => {
    const tiles = [...document.querySelectorAll('.vtile[data-conn]')];
    return tiles.length === 2 && tiles.every((f) => Number(f.dataset.frames) > 20);
  }, null, { timeout: 40000 }));
  figures.observerFrames = await o.page.evaluate(() => [...document.querySelectorAll('.vtile[data-conn]')].map((f) => Number(f.dataset.frames)));
  T.check('observer: no camera, no recording, no assessor controls', (await o.page.locator('#local-tile').isHidden()) && (await o.page.locator('#upload-panel').isHidden()) && (await o.page.locator('#controls').isHidden()));
  await T.checkWait('asesor: the observer is listed as "Pengamat"', ap.waitForSelector('#people li[data-role="pengamat"]'));
  await o.context.close();
  await T.checkWait('asesor: the observer\'s tile goes when it leaves', ap.waitForFunction(() => document.querySelectorAll('.vtile[data-conn]').length === 1, null, { timeout: 15000 }));

  /* 2c. the assessor's room connection drops: the page reconnects and the call is rebuilt */
  const asesiSawConn = await tileConn(sp);
  const cut = sesiRoutes[sesiRoutes.length - 1];
  await cut.page.close({ code: 4000, reason: 'network lost' });
  await cut.server.close();
  await T.checkWait('asesor: a lost room connection is shown', ap.waitForSelector('#conn-status[data-state="down"]'));
  await T.checkWait('asesor: the room reconnects by itself', ap.waitForSelector('#conn-status[data-state="up"]', { timeout: 20000 }));
  await T.checkWait('asesi: the assessor\'s video comes back on a new connection', framesFromNewPeer(sp, asesiSawConn, 30));

  /* 3. recording; the upload stalls, a backlog builds up; the asesi's page reloads in the middle */
  await T.checkWait('asesi: recording chunks are acknowledged (6+)', sp.waitForFunction(() => [...document.querySelectorAll('#upload-list > li')].some((li) => li.dataset.state === 'recording' && Number(li.dataset.acked) >= 6), null, { timeout: 30000 }));
  // a weak uplink: the chunks of the asesi's current ingest connection stop reaching the server
  for (const c of rekamConns) c.hold = true;
  await T.checkWait('asesi: a growing backlog is shown as a warning (> 10 chunks waiting)', sp.waitForSelector('#upload-warn:not([hidden]):has-text("tertinggal")', { timeout: 30000 }));
  const before = await uploadRows(sp);
  const cur = before.find((r) => r.state === 'recording');
  const firstRec = Number(cur.rec);
  const asesorSawConn = await tileConn(ap);
  figures.backlogAtReload = Number(cur.chunks) - Number(cur.acked);
  T.check(`asesi: the backlog is on the device (${figures.backlogAtReload} chunks unacknowledged)`, figures.backlogAtReload > 10);
  await sp.reload();
  await ready(sp);
  await T.checkWait('asesi: after the reload the old recording is finished (backlog sent, stop)', sp.waitForFunction((rec) => [...document.querySelectorAll('#upload-list > li')].some((li) => Number(li.dataset.rec) === rec && li.dataset.state === 'final'), firstRec, { timeout: 30000 }));
  await T.checkWait('asesi: a new recording starts for the new stream', sp.waitForFunction((rec) => [...document.querySelectorAll('#upload-list > li')].some((li) => li.dataset.state === 'recording' && Number(li.dataset.rec) > 0 && Number(li.dataset.rec) !== rec), firstRec, { timeout: 20000 }));
  await T.checkWait('asesi: the call comes back after the reload (frames decoded)', framesAbove(sp, 30));
  await T.checkWait('asesi: the reloaded page recorded the reconnect in the timeline', sp.waitForSelector('#timeline li[data-kind="left"]'));
  await T.checkWait('asesor: the asesi\'s video comes back after the reload (new connection)', framesFromNewPeer(ap, asesorSawConn, 30));
  await T.checkWait('asesi: the new recording is acknowledged (10+ chunks)', sp.waitForFunction(() => [...document.querySelectorAll('#upload-list > li')].some((li) => li.dataset.state === 'recording' && Number(li.dataset.acked) >= 10), null, { timeout: 30000 }));
  T.check('asesi: the backlog warning is gone', await sp.locator('#upload-warn').isHidden());

  /* 4. the assessor's notes, then the end */
  await ap.fill('#event-detail', 'KTP dicocokkan dengan wajah asesi');
  await ap.click('[data-event="identity_checked"]');
  await T.checkWait('asesor: the identity check is in the timeline', ap.waitForSelector('#timeline li[data-kind="identity_checked"]'));
  await T.checkWait('asesi: the identity check reaches the asesi\'s timeline live', sp.waitForSelector('#timeline li[data-kind="identity_checked"]', { timeout: 10000 }));
  await ap.click('[data-event="flag"]');
  T.check('asesor: a flag without a note is refused at its field', (await ap.textContent('#event-detail-error')).includes('keterangan'));
  await ap.click('#end-session');
  await T.checkWait('asesor: the session ends after every recording is flushed', ap.waitForSelector('#ended-panel[data-ended]', { timeout: 60000 }));
  await T.checkWait('asesi: the page shows the end', sp.waitForSelector('#ended-panel[data-ended]', { timeout: 20000 }));

  /* 5. the recordings */
  const detail = await asesorApi.expect(200, 'GET', `/api/assessment/sessions/${sesi.id}`);
  const recs = detail.recordings;
  const asesiId = detail.participants.find((p) => p.role === 'asesi').account_id;
  const mine = (id) => recs.filter((r) => r.account_id === id);
  T.check(`API: every recording final (${recs.map((r) => `${r.id}:${r.state}`).join(', ')})`, recs.length > 0 && recs.every((r) => r.state === 'final' && r.sha256));
  T.check('API: the asesi has two recordings (before and after the reload), the assessor one', mine(asesiId).length === 2 && recs.length === 3);
  const logA = await deviceLog(ap);
  const logS = await deviceLog(sp);
  T.check('devices: no chunk left in the backlog', logA.chunks === 0 && logS.chunks === 0, `${logA.chunks} / ${logS.chunks}`);
  const logs = [...logA.recs, ...logS.recs].filter((m) => m.sesi === sesi.id);
  const man = await asesorApi.expect(200, 'GET', `/api/assessment/sessions/${sesi.id}/manifest`);
  figures.recordings = P.checkRecordings(T, { recs, logs, manifest: man.manifest, dataDir: server.dataDir, whoOf: (r) => (r.account_id === asesiId ? 'asesi' : 'asesor') }).map(({ file, startedAt, lastChunkAt, profile, ...f }) => f);
  const asesiTime = figures.recordings.filter((x) => x.who === 'asesi').reduce((n, x) => n + x.recorded, 0);
  T.check(`the asesi's two recordings hold ${asesiTime.toFixed(1)} s together (≥ 20 s)`, asesiTime >= 20);

  /* 6. playback with seeking */
  await Promise.all([ap.waitForURL(/\/rekaman\?sesi=/), ap.click('#playback-link')]);
  await ready(ap);
  T.check('playback: lists the three recordings', (await ap.locator('#rec-list > li[data-rec]').count()) === 3);
  T.check('playback: shows the sealed manifest hash', (await ap.getAttribute('#manifest-hash', 'data-sha256')) === man.sha256);
  const longest = figures.recordings.filter((x) => x.who === 'asesor')[0];
  await ap.click(`[data-play="${longest.id}"]`);
  await T.checkWait('playback: the video loads with a finite duration', ap.waitForFunction(() => {
    const v = document.querySelector('#video');
    return v.readyState >= 1 && Number.isFinite(v.duration) && v.duration > 0;
  }, null, { timeout: 15000 }));
  const seek = await ap.evaluate(
    () =>
      new Promise((resolve) => {
        const v = document.querySelector('#video');
        const target = v.duration / 2;
        v.addEventListener('seeked', () => resolve({ target, at: v.currentTime, duration: v.duration, seekable: v.seekable.length ? v.seekable.end(0) : 0 }), { once: true });
        v.currentTime = target;
        setTimeout(() => resolve({ target, at: v.currentTime, timeout: true }), 15000);
      }),
  );
  T.check(`playback: a seek to the middle works (target ${seek.target.toFixed(2)} s, at ${seek.at.toFixed(2)} s)`, !seek.timeout && Math.abs(seek.at - seek.target) < 1, JSON.stringify(seek));
  T.check('playback: the whole file is seekable (Range)', seek.seekable > 0 && Math.abs(seek.seekable - seek.duration) < 0.5, JSON.stringify(seek));
  const ev = ap.locator('#timeline li[data-kind="identity_checked"]');
  const pos = Number(await ev.getAttribute('data-pos')) / 1000;
  const jumped = await ap.evaluate(() => new Promise((resolve) => {
    const v = document.querySelector('#video');
    v.addEventListener('seeked', () => resolve(v.currentTime), { once: true });
    document.querySelector('#timeline li[data-kind="identity_checked"] button').click();
    setTimeout(() => resolve(-1), 15000);
  }));
  T.check(`playback: choosing the identity check seeks to its offset in the recording (${pos.toFixed(2)} s → ${jumped.toFixed(2)} s)`, jumped >= 0 && Math.abs(jumped - pos) < 1);

  await caseRecordings({ caseId, sesi, recs, man, ap, sp });

  T.check('no page errors, CSP violations or missing translations', problems.length === 0, problems.join('\n'));
  await s.context.close();
  await a.context.close();
}

/* ---------- 7. the case page lists the recordings as evidence (issue 4 §3) ---------- */

/** Waits until every poster image under sel has loaded; their naturalWidth values. */
async function posterWidths(page, sel) {
  await page.locator(sel).first().scrollIntoViewIfNeeded();
  for (const img of await page.locator(`${sel} img`).all()) await img.scrollIntoViewIfNeeded();
  await page.waitForFunction((q) => [...document.querySelectorAll(`${q} img`)].every((i) => i.complete), sel, { timeout: 15000 });
  return page.evaluate((q) => [...document.querySelectorAll(`${q} img`)].map((i) => i.naturalWidth), sel);
}

async function caseRecordings({ caseId, sesi, recs, man, ap, sp }) {
  const block = `#recordings:not([hidden]) .rec-session[data-sesi="${sesi.id}"]`;
  for (const r of recs) T.check(`rec ${r.id}: the session names its poster for the assessor`, r.poster === `/api/assessment/recordings/${r.id}/poster`, JSON.stringify(r.poster));

  // the assessor, on the laptop
  await ap.goto(`${server.base}/permohonan?id=${caseId}`);
  await ready(ap);
  await T.checkWait('case page (asesor): "Rekaman asesmen" lists the session', ap.waitForSelector(block));
  T.check('case page (asesor): the section is titled "Rekaman asesmen"', (await ap.textContent('#recordings-title')).trim() === 'Rekaman asesmen');
  const items = await ap.locator(`${block} .rec-item`).evaluateAll((els) => els.map((e) => ({ rec: Number(e.dataset.rec), state: e.dataset.state, text: e.textContent })));
  T.check(`case page (asesor): the three recordings, each "Final" (${items.map((x) => `${x.rec}:${x.state}`).join(', ')})`, items.length === 3 && recs.every((r) => items.some((x) => x.rec === r.id && x.state === 'final' && x.text.includes('Final'))));
  const widths = await posterWidths(ap, block);
  T.check(`case page (asesor): a poster per recording, each loaded (naturalWidth ${widths.join(', ')})`, widths.length === 3 && widths.every((w) => w > 0));
  T.check('case page (asesor): the manifest hash shortened, the full value in its title', (await ap.getAttribute(`${block} .rec-manifest code`, 'title')) === man.sha256 && (await ap.textContent(`${block} .rec-manifest code`)).length < 64);
  T.check('case page (asesor): who took part', /Asesi/.test(await ap.textContent(`${block} .rec-people`)) && /Asesor/.test(await ap.textContent(`${block} .rec-people`)));
  const first = recs[0];
  await Promise.all([ap.waitForURL(/\/rekaman\?sesi=/), ap.click(`${block} .rec-item[data-rec="${first.id}"] .rec-thumb`)]);
  await ready(ap);
  T.check('case page (asesor): a poster opens /rekaman?sesi= of the session', new URL(ap.url()).searchParams.get('sesi') === String(sesi.id), ap.url());
  await ap.click(`[data-play="${first.id}"]`);
  T.check('playback: the player shows the recording\'s poster', (await ap.getAttribute('#video', 'poster')) === `/api/assessment/recordings/${first.id}/poster`);

  // the auditor (assessment.recording.view), on a phone
  const u = await login(PHONE, 'auditor@demo.ujikom.id');
  await u.page.goto(`${server.base}/permohonan?id=${caseId}`);
  await ready(u.page);
  await T.checkWait('case page (auditor): "Rekaman asesmen" lists the session', u.page.waitForSelector(block));
  const uw = await posterWidths(u.page, block);
  T.check(`case page (auditor): the posters load (naturalWidth ${uw.join(', ')})`, uw.length === 3 && uw.every((w) => w > 0));
  T.check('case page (auditor): no horizontal scroll at 360 px', await u.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1));
  const link = await u.page.getAttribute(`${block} .rec-open`, 'href');
  T.check('case page (auditor): the session links to /rekaman?sesi=', link === `/rekaman?sesi=${sesi.id}`, link);
  await u.context.close();

  // the asesi, who may not watch (recording_asesi_view is off): nothing playable
  await sp.goto(`${server.base}/permohonan?id=${caseId}`);
  await ready(sp);
  T.check('case page (asesi): no "Rekaman asesmen" and no poster', (await sp.locator('#recordings').isHidden()) && (await sp.locator('#recordings img').count()) === 0);
}

try {
  await main();
} catch (e) {
  if (!(e instanceof StepAbort)) T.fail('the test ran to the end', e.stack || String(e));
  if (problems.length) console.log(`# problems:\n${problems.join('\n')}`);
} finally {
  if (browser) await browser.close().catch(() => {});
  if (server) {
    if (T.failed && process.env.UJIKOM_TEST_VERBOSE) console.log(server.logs());
    await server.stop();
  }
}
figures.seconds = Math.round((Date.now() - t0) / 1000);
console.log(`# figures: ${JSON.stringify(figures)}`);
process.exit(T.summary());
