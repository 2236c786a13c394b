// Storage limits of the recording ingest (modules/assessment, /ws/rekam; asm_quota.c) against the
// real server:
//  - quota: with a small quota and a 50 % warning, the participants in the room get
//    storage_warning when the bytes pass the warning, and storage_full at the quota; the outbox
//    holds one e-mail per storage admin per crossing (not one per chunk), the ledger one alert
//    each; the storage report and /metrics say the level;
//  - over the quota a new recording is refused (quota_full, with both texts, close 4004) while the
//    recording in progress keeps taking chunks;
//  - the per-recording maximum: the chunk over it is refused (recording_too_big, both texts), no
//    ack follows, the recording is closed;
//  - a restart (SIGKILL, same data) sends no e-mail again; a participant joining gets the
//    current warning at once;
//  - open connections per participant: one over recording_open_max is refused
//    (too_many_recordings); a resume supersedes the old connection of the same recording;
//  - the rate limit: a client sending far faster than the limit gets every chunk acknowledged in
//    order (nothing lost, the bytes hash to what was sent) and the metrics show the connection
//    was throttled;
//  - the free-disk reserve on a real small file system (UJIKOM_QUOTA_TMPFS: a tmpfs the shell
//    script mounted in a private mount namespace): participants and admins are told of the low
//    disk before any chunk is refused; under the reserve the chunk is not acknowledged
//    (disk_full), everyone hears it; once space is freed the resumed recording takes that chunk
//    and the bytes are all there. Without the tmpfs: a reserve larger than the free disk refuses
//    a new recording with disk_full.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { as, caseTo } from '../../browser/lib/case-api.mjs';
import { startServer } from '../../browser/lib/server.mjs';
import { checks, connect } from './client.mjs';

const { check, done } = checks();
const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');

/** connect() plus a promise of the close {code, reason}. */
function open(base, client, channel, query) {
  const c = connect(base, client, channel, query);
  c.closed = new Promise((resolve) => c.ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  return c;
}

const sql = (server, q) => execFileSync('sqlite3', [path.join(server.dataDir, 'ujikom.db'), q], { encoding: 'utf8' }).trim();

async function metrics(server) {
  const res = await fetch(`${server.base}/metrics`);
  return res.text();
}
function metric(text, name) {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : NaN;
}

/** The e-mail addresses the storage alert goes to (holders of assessment.storage.alert). */
function alertRecipients(server) {
  return sql(server, "SELECT DISTINCT a.email FROM accounts a JOIN account_roles r ON r.account_id = a.id JOIN role_permissions p ON p.role = r.role WHERE p.permission = 'assessment.storage.alert' AND a.status = 'active' ORDER BY 1").split('\n').filter(Boolean);
}
const mails = (server, like) => sql(server, `SELECT recipient FROM outbox WHERE subject LIKE '${like}' ORDER BY recipient`).split('\n').filter(Boolean);

/** Sends chunk seq and waits for its ack (or anything else that answers it). */
async function sendAck(c, seq, bytes, ms = 10000) {
  c.send(seq, bytes);
  return c.next((m) => (m.type === 'ack' && m.seq === seq) || m.type === 'error', ms);
}

async function session(server) {
  const { caseId } = await caseTo(server.base, 'CONSENTED');
  const asesor = await as(server.base, 'asesor');
  const asesi = await as(server.base, 'asesi');
  const s = await asesor.expect(201, 'POST', '/api/assessment/sessions', { case_id: caseId });
  return { asesor, asesi, id: s.id };
}

async function quotaPart() {
  const QUOTA = 400000;
  const MAX = 600000;
  const CHUNK = 25000;
  const args = ['--recording-quota-bytes', String(QUOTA), '--recording-quota-warn-percent', '50', '--recording-max-bytes', String(MAX), '--recording-rate-kbit', '0'];
  let server = await startServer({ demo: true, extraArgs: args });
  try {
    const { asesor, asesi, id } = await session(server);
    const admin = await as(server.base, 'admin');
    const recipients = alertRecipients(server);
    check(recipients.includes('admin@demo.ujikom.id'), `the storage alert reaches the LSP admin (${recipients.join(', ')})`);
    let report = await admin.expect(200, 'GET', '/api/assessment/storage');
    check(report.level === 'ok' && report.quota.bytes === QUOTA && report.quota.warn_at === QUOTA / 2 && report.quota.used === 0 && report.disk.free > 0, 'storage report: level ok, the quota and its warning, nothing used, the free disk', JSON.stringify(report));

    const roomAsesor = open(server.base, asesor, 'sesi', `sesi=${id}`);
    const roomAsesi = open(server.base, asesi, 'sesi', `sesi=${id}`);
    check((await roomAsesor.opened) && (await roomAsesi.opened), 'both participants are in the room');

    const rec = open(server.base, asesi, 'rekam', `sesi=${id}&track=kamera`);
    const ready = await rec.next('ready');
    check(ready && ready.next_seq === 0, 'the asesi starts a recording', JSON.stringify(ready));
    const data = crypto.randomBytes(MAX + CHUNK);
    const chunk = (i) => data.subarray(i * CHUNK, (i + 1) * CHUNK);

    // up to the warning (50 % = 8 chunks): nobody is warned before
    let seq = 0;
    let early = null;
    for (; seq < 7; seq++) {
      const a = await sendAck(rec, seq, chunk(seq));
      if (!a || a.type !== 'ack') early = a;
    }
    check(!early, 'chunks below the warning are acknowledged', JSON.stringify(early));
    check(roomAsesi.drain().every((m) => m.type !== 'warning'), 'no warning below the warning level');
    check(mails(server, 'Penyimpanan rekaman%').length === 0, 'no e-mail below the warning level');
    let a = await sendAck(rec, seq, chunk(seq));
    seq++;
    check(a && a.type === 'ack' && a.bytes === QUOTA / 2, 'the chunk reaching the warning level is acknowledged', JSON.stringify(a));
    for (const [who, room] of [['asesi', roomAsesi], ['asesor', roomAsesor]]) {
      const w = await room.next((m) => m.type === 'warning' && m.warning === 'storage_warning');
      check(w && /kuota/i.test(w.message) && /quota/i.test(w.message_en), `the ${who} is warned: storage_warning, with both texts`, JSON.stringify(w));
    }
    const w2 = await rec.next((m) => m.type === 'warning');
    check(w2 && w2.warning === 'storage_warning', 'the recorder connection hears the warning too', JSON.stringify(w2));
    const nearly = mails(server, '%nearly full');
    check(JSON.stringify(nearly) === JSON.stringify(recipients), `one "nearly full" e-mail to each storage admin (${nearly.length})`, nearly.join(', '));
    const body = sql(server, "SELECT body FROM outbox WHERE subject LIKE '%nearly full' LIMIT 1");
    check(body.includes('390.6 KiB') && body.includes('Kuota') && body.includes('Quota'), 'the e-mail names the quota in both languages', body);
    for (let k = 0; k < 3; k++, seq++) await sendAck(rec, seq, chunk(seq));
    check(mails(server, '%nearly full').length === recipients.length, 'more chunks at the warning level: no further e-mail');
    report = await admin.expect(200, 'GET', '/api/assessment/storage');
    check(report.level === 'warning' && report.quota.level === 'warning' && report.quota.used === seq * CHUNK && report.conditions.includes('storage_warning'), 'storage report: warning, the bytes used', JSON.stringify(report));

    // up to the quota (16 chunks)
    for (; seq < QUOTA / CHUNK; seq++) {
      a = await sendAck(rec, seq, chunk(seq));
      if (!a || a.type !== 'ack') break;
    }
    check(seq === QUOTA / CHUNK, 'chunks up to the quota acknowledged');
    const full = await roomAsesi.next((m) => m.type === 'warning' && m.warning === 'storage_full');
    check(full && full.message && full.message_en, 'the participants are told the quota is full', JSON.stringify(full));
    const fullMails = mails(server, '%Recording storage full');
    check(fullMails.length === recipients.length, `one "full" e-mail to each storage admin (${fullMails.length})`);
    report = await admin.expect(200, 'GET', '/api/assessment/storage');
    check(report.level === 'full' && report.quota.level === 'full' && report.notified_level === 'full', 'storage report: full', JSON.stringify(report));

    // over the quota: no new recording, the open one goes on
    const fresh = open(server.base, asesor, 'rekam', `sesi=${id}&track=kamera`);
    check(await fresh.opened, 'a new recording over the quota: the handshake is accepted to say why');
    const refused = await fresh.next((m) => m.type === 'error' || m.type === 'ready');
    check(refused && refused.type === 'error' && refused.error === 'quota_full' && refused.message.includes('390.6 KiB') && /quota/.test(refused.message_en), 'it is refused: quota_full, naming the quota in both languages', JSON.stringify(refused));
    const fc = await fresh.closed;
    check(fc.code === 4004, 'and closed with 4004', JSON.stringify(fc));
    const recsOf = async () => (await asesor.expect(200, 'GET', `/api/assessment/sessions/${id}`)).recordings;
    check((await recsOf()).length === 1, 'no recording row was made for the refused one');
    let lost = null;
    for (; seq < MAX / CHUNK; seq++) {
      a = await sendAck(rec, seq, chunk(seq));
      if (!a || a.type !== 'ack') lost = a;
    }
    check(!lost && a && a.bytes === MAX, 'the recording in progress keeps taking chunks past the quota, up to its maximum', JSON.stringify(lost || a));

    // the per-recording maximum
    rec.send(seq, chunk(seq));
    const big = await rec.next((m) => m.type === 'error' || m.type === 'ack');
    check(big && big.type === 'error' && big.error === 'recording_too_big' && big.message.includes('585.9 KiB') && big.message_en.includes('new recording'), 'the chunk over the maximum: recording_too_big with both texts', JSON.stringify(big));
    rec.send(seq + 1, chunk(seq + 1));
    const rc = await rec.closed;
    check(rc.code === 4002, 'the connection closes with 4002', JSON.stringify(rc));
    check(rec.drain().every((m) => m.type !== 'ack'), 'no ack after the maximum');
    let r = null;
    for (let k = 0; k < 100 && (!r || r.state === 'recording'); k++) {
      r = (await recsOf())[0];
      if (r.state === 'recording') await new Promise((res) => setTimeout(res, 100));
    }
    check(r && r.state !== 'recording' && r.bytes === MAX && r.chunks === MAX / CHUNK, 'the recording is closed with exactly the maximum', JSON.stringify(r));

    let m = await metrics(server);
    check(metric(m, 'ujikom_recording_refused_total{reason="quota_full"}') === 1 && metric(m, 'ujikom_recording_refused_total{reason="too_big"}') === 1, 'metrics: the refusals by reason');
    check(metric(m, 'ujikom_recording_storage_level{of="quota"}') === 2 && metric(m, 'ujikom_recording_storage_quota_bytes') === QUOTA, 'metrics: the quota and its level');
    const alerts = sql(server, "SELECT count(*) FROM ledger_entries WHERE action = 'assessment.storage.alert'");
    check(alerts === '2', 'ledger: one storage alert per crossing', alerts);

    // a restart tells nobody again
    const total = sql(server, 'SELECT count(*) FROM outbox');
    const killed = await server.kill();
    const dataDir = server.dataDir;
    server = await startServer({ demo: true, dataDir, extraArgs: args });
    for (const cl of [asesor, asesi, admin]) cl.base = server.base;
    check(killed && killed.signal === 'SIGKILL', 'the server was killed and restarted on the same data');
    report = await admin.expect(200, 'GET', '/api/assessment/storage');
    check(report.level === 'full' && report.quota.used >= MAX, 'after the restart: still full, the bytes counted again', JSON.stringify(report));
    const late = open(server.base, asesor, 'sesi', `sesi=${id}`);
    const lw = await late.next((x) => x.type === 'warning');
    check(lw && lw.warning === 'storage_full', 'a participant joining hears the current condition at once', JSON.stringify(lw));
    check(sql(server, 'SELECT count(*) FROM outbox') === total, 'after the restart: no e-mail sent again');
    m = await metrics(server);
    check(metric(m, 'ujikom_recording_storage_alerts_total') === 0, 'metrics: no alert since the restart');
    for (const c of [roomAsesor, roomAsesi, late]) c.ws.terminate();
  } finally {
    await server.stop();
  }
}

async function rateAndOpenPart() {
  const CHUNK = 25000;
  const N = 40; // 1 MB at a limit of 250 kB/s
  const server = await startServer({ demo: true, extraArgs: ['--recording-rate-kbit', '2000', '--recording-open-max', '2'] });
  try {
    const { asesi, id } = await session(server);
    const data = crypto.randomBytes(CHUNK * N);
    const one = open(server.base, asesi, 'rekam', `sesi=${id}&track=kamera`);
    const r1 = (await one.next('ready')).rec;
    const two = open(server.base, asesi, 'rekam', `sesi=${id}&track=layar`);
    check((await two.next('ready')) !== null, 'a second recording of the participant opens (camera and screen)');
    const three = open(server.base, asesi, 'rekam', `sesi=${id}&track=kamera`);
    const e3 = await three.next((m) => m.type === 'error' || m.type === 'ready');
    check(e3 && e3.type === 'error' && e3.error === 'too_many_recordings' && e3.message.includes('2') && e3.message_en, 'a third open connection is refused: too_many_recordings with both texts', JSON.stringify(e3));
    check((await three.closed).code === 4005, 'and closed with 4005');
    two.ws.close();
    await two.closed;

    // a resume of the first recording supersedes its old connection (a ghost after a network
    // change) instead of counting against the limit
    const again = open(server.base, asesi, 'rekam', `sesi=${id}&track=kamera&rec=${r1}`);
    const ra = await again.next('ready');
    check(ra && ra.rec === r1, 'the recording resumes on a new connection', JSON.stringify(ra));
    check((await one.closed).code === 4006, 'the old connection of that recording is closed (4006, superseded)');

    // far faster than the limit: everything sent at once
    for (let i = 0; i < N; i++) again.send(i, data.subarray(i * CHUNK, (i + 1) * CHUNK));
    let last = null;
    let inOrder = true;
    for (let i = 0; i < N; i++) {
      const a = await again.next((m) => m.type === 'ack' || m.type === 'error' || m.type === 'nack', 60000);
      if (!a || a.type !== 'ack' || a.seq !== i) inOrder = false;
      last = a;
      if (!a || a.type !== 'ack') break;
    }
    check(inOrder && last && last.bytes === CHUNK * N, `every chunk sent at once is acknowledged in order, nothing refused (${last && last.bytes} bytes)`, JSON.stringify(last));
    const m = await metrics(server);
    const throttled = metric(m, 'ujikom_ws_throttled_total{channel="rekam"}');
    check(throttled > 0, `metrics: the connection was throttled (${throttled} times)`);
    check(metric(m, 'ujikom_ws_throttled_seconds_total{channel="rekam"}') > 0, 'metrics: the time it spent throttled is counted');
    again.ws.send(JSON.stringify({ type: 'stop' }));
    await again.next((x) => x.type === 'final' || x.type === 'error', 30000);
    const raw = fs.readFileSync(path.join(server.dataDir, 'recordings', `${r1}.webm`));
    check(sha256(raw) === sha256(data), 'the bytes on disk are exactly the bytes sent');
  } finally {
    await server.stop();
  }
}

async function diskPart() {
  const tmpfs = process.env.UJIKOM_QUOTA_TMPFS;
  if (!tmpfs) {
    // no small file system to fill: a reserve larger than the free disk
    const server = await startServer({ demo: true, extraArgs: ['--recording-disk-reserve-bytes', String(2 ** 50), '--recording-disk-low-bytes', String(2 ** 50)] });
    try {
      const { asesi, id } = await session(server);
      const c = open(server.base, asesi, 'rekam', `sesi=${id}&track=kamera`);
      const e = await c.next((m) => m.type === 'error' || m.type === 'ready');
      check(e && e.type === 'error' && e.error === 'disk_full' && e.message && e.message_en, 'disk below the reserve: a recording is refused with disk_full', JSON.stringify(e));
      check(mails(server, '%Recording storage full').length > 0, 'the storage admins were told');
      console.log('# the free-disk reserve on a filled file system was not run (no tmpfs: run as root with unshare)');
    } finally {
      await server.stop();
    }
    return;
  }
  const MiB = 1024 * 1024;
  const dataDir = fs.mkdtempSync(path.join(tmpfs, 'data-'));
  const LOW = 24 * MiB;
  const RESERVE = 16 * MiB;
  const server = await startServer({ demo: true, dataDir, extraArgs: ['--recording-disk-low-bytes', String(LOW), '--recording-disk-reserve-bytes', String(RESERVE), '--recording-rate-kbit', '0'] });
  const filler = path.join(tmpfs, 'filler');
  try {
    const { asesor, asesi, id } = await session(server);
    const admin = await as(server.base, 'admin');
    const room = open(server.base, asesor, 'sesi', `sesi=${id}`);
    await room.opened;
    // fill the file system to 2 MiB above the warning level
    const free = () => Number(fs.statfsSync(tmpfs).bavail) * Number(fs.statfsSync(tmpfs).bsize);
    const fill = free() - LOW - 2 * MiB;
    check(fill > 0, `the tmpfs has room above the warning level (${free()} bytes free)`);
    fs.writeFileSync(filler, Buffer.alloc(fill));
    let c = open(server.base, asesi, 'rekam', `sesi=${id}&track=kamera`);
    const ready = await c.next('ready');
    const rec = ready.rec;
    const CHUNK = 256 * 1024;
    const data = crypto.randomBytes(CHUNK * 64);
    const chunk = (i) => data.subarray(i * CHUNK, (i + 1) * CHUNK);
    let seq = 0;
    let refusal = null;
    let warnedAt = -1;
    let mailedBeforeRefusal = false;
    for (; seq < 64; seq++) {
      const a = await sendAck(c, seq, chunk(seq));
      if (!a || a.type !== 'ack') {
        refusal = a;
        break;
      }
      if (warnedAt < 0 && room.drain().some((m) => m.type === 'warning' && m.warning === 'disk_low')) {
        warnedAt = seq;
        mailedBeforeRefusal = mails(server, '%nearly full').length > 0;
      }
    }
    check(warnedAt >= 0 && refusal && warnedAt < seq, `the participants heard disk_low (after chunk ${warnedAt}) before a chunk was refused (chunk ${seq})`);
    check(mailedBeforeRefusal, 'the storage admins had the "nearly full" e-mail before the refusal');
    check(refusal && refusal.type === 'error' && refusal.error === 'disk_full' && refusal.seq === seq && refusal.message && refusal.message_en, 'under the reserve the chunk is not acknowledged: disk_full naming it, with both texts', JSON.stringify(refusal));
    await c.closed;
    const dw = await room.next((m) => m.type === 'warning' && m.warning === 'disk_full');
    check(dw && dw.message, 'the participants are told the disk is full', JSON.stringify(dw));
    check(mails(server, '%Recording storage full').length > 0, 'the storage admins are told it is full');
    const report = await admin.expect(200, 'GET', '/api/assessment/storage');
    check(report.level === 'full' && report.disk.level === 'full' && report.disk.reserve === RESERVE, 'storage report: the disk is full', JSON.stringify(report.disk));
    check(free() >= RESERVE - 2 * MiB, `the reserve is kept free for the database (${free()} bytes free)`);
    // space is freed: the browser resumes and delivers the refused chunk and the rest
    fs.rmSync(filler);
    c = open(server.base, asesi, 'rekam', `sesi=${id}&track=kamera&rec=${rec}`);
    const again = await c.next('ready');
    check(again && again.next_seq === seq, 'after space is freed the recording resumes at the refused chunk', JSON.stringify(again));
    const end = seq + 4;
    let ok = true;
    for (; seq < end; seq++) ok = ok && (await sendAck(c, seq, chunk(seq)))?.type === 'ack';
    check(ok, 'the refused chunk and the next ones are acknowledged');
    c.ws.send(JSON.stringify({ type: 'stop' }));
    await c.next((m) => m.type === 'final' || m.type === 'error', 30000);
    // random bytes do not remux: the recording fails and its raw file stays where it was written
    const raw = fs.readFileSync(path.join(dataDir, 'recordings', `${rec}.webm`));
    check(sha256(raw) === sha256(data.subarray(0, end * CHUNK)), 'every byte is there once, in order (nothing lost to the full disk)');
    room.ws.terminate();
  } finally {
    fs.rmSync(filler, { force: true });
    await server.stop();
  }
}

try {
  await quotaPart();
  await rateAndOpenPart();
  await diskPart();
} catch (e) {
  check(false, 'the test ran to the end', e.stack || String(e));
}
done();
