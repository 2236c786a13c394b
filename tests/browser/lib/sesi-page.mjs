// What the live-session browser tests (test_sesi.mjs, test_weaklink.mjs) read off the session page
// (web/sesi.html) and check on the finished recordings.

import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { newPage } from './browser.mjs';

export const PW = 'Demo-Ujikom-2026';
export const MEDIA = { permissions: ['camera', 'microphone'] };
export const DESKTOP = { viewport: { width: 1280, height: 900 }, ...MEDIA };
export const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, ...MEDIA };
export const FAKE_MEDIA = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection'];

export const ready = (page) => page.waitForSelector('body[data-ready]');
export const sha256 = (file) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Signs in a demo account in a fresh context; waits (timeoutMs) are longer on a slow link. */
export async function login(browser, problems, base, ctxOpts, email, timeoutMs = 10000) {
  const { page, context } = await newPage(browser, problems, ctxOpts, timeoutMs);
  page.on('dialog', (d) => d.accept());
  await page.goto(`${base}/masuk`);
  await ready(page);
  await page.fill('#email', email);
  await page.fill('#password', PW);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/masuk')), page.click('button[type="submit"]')]);
  return { page, context };
}

/** The highest framesDecoded shown on a remote tile (getStats, refreshed every 3 s). */
export const tileFrames = (page) => page.evaluate(() => Math.max(0, ...[...document.querySelectorAll('.vtile[data-conn]')].map((f) => Number(f.dataset.frames) || 0)));

/** Waits until a remote tile has decoded more than n frames. */
export const framesAbove = (page, n, timeout = 40000) =>
  page.waitForFunction((min) => [...document.querySelectorAll('.vtile[data-conn]')].some((f) => Number(f.dataset.frames) > min), n, { timeout });

/** The connection id of the (single) remote tile. */
export const tileConn = (page) => page.getAttribute('.vtile[data-conn]', 'data-conn');

/** Waits until a remote tile of another connection than old has decoded more than n frames. */
export const framesFromNewPeer = (page, old, n, timeout = 40000) =>
  page.waitForFunction(([o, min]) => [...document.querySelectorAll('.vtile[data-conn]')].some((f) => f.dataset.conn !== o && Number(f.dataset.frames) > min), [old, n], { timeout });

/** Frames the remote <video> presents, counted with requestVideoFrameCallback (up to want). */
export const presentedFrames = (page, want = 30) =>
  page.evaluate(
    (w) =>
      new Promise((resolve) => {
        const v = document.querySelector('video[data-remote]');
        if (!v) return resolve(0);
        let n = 0;
        const cb = () => {
          n++;
          if (n >= w) resolve(n);
          else v.requestVideoFrameCallback(cb);
        };
        v.requestVideoFrameCallback(cb);
        setTimeout(() => resolve(n), 20000); // a safety net, not a measurement
      }),
    want,
  );

/** The recording records the page keeps in IndexedDB, and how many chunks are still stored. */
export const deviceLog = (page) =>
  page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const r = indexedDB.open('ujikom-rekam');
        r.onerror = () => reject(r.error);
        r.onsuccess = () => {
          const tx = r.result.transaction(['recs', 'chunks']);
          const recs = tx.objectStore('recs').getAll();
          const chunks = tx.objectStore('chunks').count();
          tx.oncomplete = () => {
            resolve({ recs: recs.result, chunks: chunks.result });
            r.result.close();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );

/** Upload rows on the page (one per recording of this device). */
export const uploadRows = (page) => page.locator('#upload-list > li').evaluateAll((els) => els.map((e) => ({ ...e.dataset })));

/** ffprobe's duration of a file, in seconds. */
export function probeDuration(file) {
  const out = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'default=nw=1:nk=1', file], { encoding: 'utf8' });
  return Number(out.trim());
}

/**
 * Checks every final recording of a session against what the pages logged (logs: the device
 * records of both pages) and the sealed manifest: all chunks arrived, the file is in the blob
 * store, ffprobe duration within 1 s of the recorded time, Cues, a clean decode, SHA-256 equal to
 * the manifest's. whoOf(recording) names the participant. Returns one figure per recording.
 */
export function checkRecordings(T, { recs, logs, manifest, dataDir, whoOf }) {
  const out = [];
  for (const r of recs) {
    const m = logs.find((x) => x.rec === r.id);
    const who = whoOf(r);
    if (!T.check(`rec ${r.id} (${who}): the page's log of it exists`, !!m)) continue;
    T.check(`rec ${r.id}: every chunk the page stored reached the server (${r.chunks} chunks, ${r.bytes} bytes)`, r.chunks === m.chunks && r.bytes === m.bytes, `server ${r.chunks}/${r.bytes}, page ${m.chunks}/${m.bytes}`);
    const file = path.join(dataDir, 'blobs', r.sha256.slice(0, 2), r.sha256.slice(2, 4), r.sha256);
    if (!T.check(`rec ${r.id}: the final file is in the blob store`, fs.existsSync(file))) continue;
    const recorded = (m.lastChunkAt - m.startedAt) / 1000;
    const d = probeDuration(file);
    T.check(`rec ${r.id}: ffprobe duration ${d.toFixed(2)} s within 1 s of the recorded ${recorded.toFixed(2)} s`, Math.abs(d - recorded) <= 1);
    T.check(`rec ${r.id}: Cues present`, r.has_cues !== false && fs.readFileSync(file).includes(Buffer.from([0x1c, 0x53, 0xbb, 0x6b])));
    const errs = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    T.check(`rec ${r.id}: decodes without an error`, errs.trim() === '', errs.slice(0, 200));
    const track = manifest.tracks.find((x) => x.id === r.id);
    T.check(`rec ${r.id}: SHA-256 of the file equals the manifest's track hash`, track && track.sha256 === sha256(file) && r.sha256 === track.sha256);
    out.push({ id: r.id, who, chunks: r.chunks, bytes: r.bytes, duration: d, recorded, startedAt: m.startedAt, lastChunkAt: m.lastChunkAt, profile: m.profile || 0, file });
  }
  return out;
}

/** Waits until the remote tiles decode n more frames from now on, summed over tiles and counting
 *  through a rebuilt connection (whose count starts again from 0). */
export const framesGrowBy = (page, n, timeout = 40000) =>
  page.waitForFunction(
    (min) => {
      const st = (window.__framesGrow ||= { last: {}, grown: 0 });
      for (const f of document.querySelectorAll('.vtile[data-conn]')) {
        const v = Number(f.dataset.frames) || 0;
        const last = st.last[f.dataset.conn];
        if (last !== undefined && v > last) st.grown += v - last;
        st.last[f.dataset.conn] = v;
      }
      if (st.grown < min) return false;
      delete window.__framesGrow;
      return true;
    },
    n,
    { timeout, polling: 500 },
  );
