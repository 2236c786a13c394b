// Recording ingest that loses nothing (modules/assessment, /ws/rekam) against the real server:
// a live WebM made by the real ffmpeg (like MediaRecorder's: no duration, no cues) is sent in
// numbered chunks by the asesi of a session.
//  - refusals: a stranger's handshake, an observer (observers do not record), a skipped sequence
//    number (nack naming the expected one), a resend of an acknowledged chunk (acknowledged again,
//    not written twice);
//  - the server is killed with SIGKILL right after a chunk was sent, restarted on the same data;
//    the browser's resume (?rec=) learns where to continue, sends the rest and stops;
//  - the final recording: raw SHA-256 equals the SHA-256 of the file the client sent (every byte,
//    once, in order), the final file's SHA-256 is the blob's, ffprobe finds its duration within
//    1 s of the source and Cues, and it decodes without an error;
//  - playback for the committee with HTTP Range (206, 416, HEAD), refused to the asesi (by
//    default) and a stranger, one ledger entry per viewing;
//  - the poster: a JPEG in the blob store whose size ffprobe reads as the video's, its SHA-256 in
//    the row, the finalising's ledger entry and (later) the manifest, served with Cache-Control
//    private to exactly those the video is served to; an audio-only recording is final without
//    one; the case's list of recordings (GET /api/assessment/recordings?case_id=) for the
//    assessor and the committee, empty for the asesi, 404 for a stranger;
//  - a recording half sent when the session ends still resumes (?rec=) and completes; no new
//    recording opens after the end;
//  - the session ends: the manifest is sealed with both hashes of the track, hashes to what it
//    says, and the ledger entry carries that hash;
//  - retention: a delete is refused while undecided and before retain_until (the date named);
//    ujikom purge --dry-run lists, ujikom purge removes both files once the date passed, with
//    tombstones in the ledger (the poster's too); the row keeps the hashes; the storage report
//    follows;
//  - a chunk for the closed recording is refused; the ledger verifies.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { as, caseTo } from '../../browser/lib/case-api.mjs';
import { registerAsesi } from '../../browser/lib/journey.mjs';
import { BIN, startServer } from '../../browser/lib/server.mjs';
import { checks, connect } from './client.mjs';


const { check, done } = checks();
const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** /ws/rekam?query as client (client.mjs). */
function rekam(base, client, query) {
  return connect(base, client, 'rekam', query);
}

function makeWebm(dir) {
  const out = path.join(dir, 'src.webm');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=15', '-f', 'lavfi', '-i', 'sine=frequency=440', '-t', '12',
    '-c:v', 'libvpx', '-b:v', '300k', '-c:a', 'libopus', '-f', 'webm', '-live', '1', '-cluster_time_limit', '1000', out]);
  return fs.readFileSync(out);
}

/** JSON with sorted keys, as the server hashes ledger payloads and manifests. */
const canonJson = (v) => (Array.isArray(v) ? `[${v.map(canonJson).join(',')}]` : v && typeof v === 'object' ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonJson(v[k])}`).join(',')}}` : JSON.stringify(v));

/** width/height (and codec) of the first video stream ffprobe finds in file. */
function probeSize(file) {
  const out = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,width,height', '-of', 'json', file], { encoding: 'utf8' });
  return JSON.parse(out).streams[0] || {};
}

function probeDuration(file) {
  const out = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'default=nw=1:nk=1', file], { encoding: 'utf8' });
  return Number(out.trim());
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ujikom-rekam-'));
  let server = await startServer({ demo: true });
  try {
    const src = makeWebm(tmp);
    const chunks = [];
    for (let off = 0; off < src.length; off += 24 * 1024) chunks.push(src.subarray(off, Math.min(src.length, off + 24 * 1024)));
    check(chunks.length >= 10, `the source is ${src.length} bytes in ${chunks.length} chunks`);

    const { caseId } = await caseTo(server.base, 'CONSENTED');
    const asesor = await as(server.base, 'asesor');
    const asesi = await as(server.base, 'asesi');
    const auditor = await as(server.base, 'auditor');
    const stranger = await registerAsesi(server.base, { email: 'orang@example.id', name: 'Orang Lain', nik: '3201014507950002', phone: '081311112222', password: 'Kopi-Tubruk-8814' });
    const session = await asesor.expect(201, 'POST', '/api/assessment/sessions', { case_id: caseId });

    for (const [desc, who] of [['a stranger', stranger], ['an observer', auditor], ['no session cookie', null]]) {
      const c = rekam(server.base, who, `sesi=${session.id}&track=kamera`);
      check(!(await c.opened), `handshake refused: ${desc}`);
      c.ws.terminate();
    }

    let c = rekam(server.base, asesi, `sesi=${session.id}&track=kamera&mime=${encodeURIComponent('video/webm;codecs=vp8,opus')}`);
    check(await c.opened, 'the asesi opens a recording');
    const ready = await c.next((m) => m.type === 'ready');
    check(ready && ready.next_seq === 0 && ready.rec > 0, 'ready: a new recording starts at 0', JSON.stringify(ready));
    const rec = ready.rec;

    c.send(1, chunks[1]);
    const nack = await c.next((m) => m.type === 'nack');
    check(nack && nack.expected === 0, 'a skipped sequence number gets a nack naming the expected one', JSON.stringify(nack));

    const half = Math.floor(chunks.length / 2);
    let acked = 0;
    for (let i = 0; i < half; i++) {
      c.send(i, chunks[i]);
      const ack = await c.next((m) => m.type === 'ack' && m.seq === i);
      if (ack) acked = i + 1;
    }
    check(acked === half, `chunks 0..${half - 1} acknowledged in order`);
    c.send(0, chunks[0]);
    const dup = await c.next((m) => m.type === 'ack' && m.seq === 0);
    const sum = chunks.slice(0, half).reduce((n, b) => n + b.length, 0);
    check(dup && dup.bytes === sum, 'a resend of an acknowledged chunk is acknowledged again, not written twice', JSON.stringify(dup));

    // a crash right after the next chunk left: its ack may or may not have been written
    c.send(half, chunks[half]);
    await sleep(20);
    const killed = await server.kill();
    c.ws.terminate();
    const dataDir = server.dataDir;
    server = await startServer({ demo: true, dataDir });
    for (const cl of [asesor, asesi]) cl.base = server.base;
    check(killed && killed.signal === 'SIGKILL' && server.dataDir === dataDir, 'the server was killed with SIGKILL and restarted on the same data', JSON.stringify(killed));

    c = rekam(server.base, asesi, `sesi=${session.id}&track=kamera&rec=${rec}`);
    check(await c.opened, 'the browser resumes the same recording');
    const again = await c.next((m) => m.type === 'ready');
    check(again && (again.next_seq === half || again.next_seq === half + 1), `resume: the server continues at the first unacknowledged chunk (${again && again.next_seq})`);
    for (let i = again.next_seq; i < chunks.length; i++) {
      c.send(i, chunks[i]);
      await c.next((m) => m.type === 'ack' && m.seq === i);
    }
    c.ws.send(JSON.stringify({ type: 'stop' }));
    const fin = await c.next((m) => m.type === 'final' || m.type === 'error', 30000);
    check(fin && fin.type === 'final' && /^[0-9a-f]{64}$/.test(fin.sha256), 'stop: the recording is finalised', JSON.stringify(fin));

    const s = await asesi.expect(200, 'GET', `/api/assessment/sessions/${session.id}`);
    const r = s.recordings.find((x) => x.id === rec);
    check(r && r.state === 'final' && r.chunks === chunks.length && r.bytes === src.length, 'every chunk counted once', JSON.stringify(r));
    check(r && r.raw_sha256 === sha256(src), 'raw SHA-256 = the bytes the client sent, in order (nothing lost across the crash)');
    const blob = (h) => path.join(server.dataDir, 'blobs', h.slice(0, 2), h.slice(2, 4), h);
    check(fs.existsSync(blob(r.raw_sha256)) && sha256(fs.readFileSync(blob(r.raw_sha256))) === r.raw_sha256, 'the raw file is in the blob store under its hash');
    const finalPath = blob(r.sha256);
    check(fs.existsSync(finalPath) && sha256(fs.readFileSync(finalPath)) === r.sha256 && r.sha256 === fin.sha256, 'the final file is in the blob store under the hash the recording names');
    const d = probeDuration(finalPath);
    check(Math.abs(d - 12) <= 1, `ffprobe: duration ${d} s within 1 s of 12 s`);
    const cues = fs.readFileSync(finalPath).includes(Buffer.from([0x1c, 0x53, 0xbb, 0x6b]));
    check(cues, 'the final file has Cues (seekable)');
    const errs = execFileSync('ffmpeg', ['-v', 'error', '-i', finalPath, '-f', 'null', '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    check(errs.trim() === '', 'it decodes without an error');

    // playback: Range for the committee, refusals, one ledger entry per viewing
    const komite = await as(server.base, 'komite-teknis');
    const url = `${server.base}/api/assessment/recordings/${rec}/video`;
    const get = (client, headers = {}, method = 'GET') =>
      fetch(url, { method, headers: { Cookie: `ujikom_sid=${client.cookies.get('ujikom_sid')}`, ...headers } });
    let res = await get(komite, { Range: 'bytes=0-99' });
    const body = Buffer.from(await res.arrayBuffer());
    check(res.status === 206 && body.length === 100 && res.headers.get('content-range') === `bytes 0-99/${r.final_bytes}`, 'playback: the committee gets a byte range (206)', `${res.status} ${res.headers.get('content-range')}`);
    check(body.equals(fs.readFileSync(finalPath).subarray(0, 100)), 'playback: the range holds the final file\'s bytes');
    res = await get(komite, { Range: 'bytes=1000-1999' });
    await res.arrayBuffer();
    check(res.status === 206, 'playback: a seek is another range');
    res = await get(komite, {}, 'HEAD');
    check(res.status === 200 && Number(res.headers.get('content-length')) === r.final_bytes && res.headers.get('accept-ranges') === 'bytes', 'playback: HEAD gives the size and Accept-Ranges');
    res = await get(komite, { Range: `bytes=${r.final_bytes + 10}-` });
    await res.arrayBuffer();
    check(res.status === 416, 'playback: a range past the end is 416');
    for (const [desc, who] of [['the asesi (not allowed by default)', asesi], ['a stranger', stranger]]) {
      stranger.base = server.base;
      res = await get(who);
      await res.arrayBuffer();
      check(res.status === 404, `playback: refused to ${desc}`, String(res.status));
    }
    const views = execFileSync('sqlite3', [path.join(server.dataDir, 'ujikom.db'), "SELECT count(*) FROM ledger_entries WHERE action = 'assessment.recording.view'"], { encoding: 'utf8' }).trim();
    check(views === '1', 'playback: the viewing is in the ledger once (seeks and HEAD do not count again)', views);

    // the poster: made from the final file while finalising, kept in the blob store, its hash in
    // the row and in the finalising's ledger entry
    const dbFile = path.join(server.dataDir, 'ujikom.db');
    const q = (sqlText) => execFileSync('sqlite3', [dbFile, sqlText], { encoding: 'utf8' }).trim();
    const posterPath = /^[0-9a-f]{64}$/.test(r.poster_sha256 || '') ? blob(r.poster_sha256) : '';
    check(posterPath && fs.existsSync(posterPath) && sha256(fs.readFileSync(posterPath)) === r.poster_sha256, 'poster: in the blob store under the hash the recording names', JSON.stringify(r));
    const pSize = posterPath ? probeSize(posterPath) : {};
    const vSize = probeSize(finalPath);
    check(pSize.codec_name === 'mjpeg' && pSize.width === vSize.width && pSize.height === vSize.height && vSize.width === 320, `poster: ffprobe reads a JPEG of the video's size (${pSize.width}x${pSize.height}, video ${vSize.width}x${vSize.height})`, JSON.stringify(pSize));
    const finalEntry = q(`SELECT payload_hash FROM ledger_entries WHERE action = 'assessment.recording.final' AND obj_id = '${rec}'`);
    const finalPayload = { session_id: session.id, state: 'final', chunks: r.chunks, bytes: r.bytes, raw_sha256: r.raw_sha256, sha256: r.sha256, poster_sha256: r.poster_sha256 };
    check(finalEntry === sha256(Buffer.from(canonJson(finalPayload))), 'poster: its SHA-256 is in the ledger entry of the finalising', finalEntry);
    const posterBytes = posterPath ? fs.statSync(posterPath).size : 0;
    check(q(`SELECT size || ' ' || content_type FROM blobs WHERE sha256 = '${r.poster_sha256}'`) === `${posterBytes} image/jpeg`, 'poster: its blob row (size, image/jpeg)');
    check(!('poster' in r), 'poster: no poster URL in the session for the asesi, who may not watch', JSON.stringify(r));
    const sa = await asesor.expect(200, 'GET', `/api/assessment/sessions/${session.id}`);
    const posterUrl = `/api/assessment/recordings/${rec}/poster`;
    check(sa.recordings.find((x) => x.id === rec).poster === posterUrl, 'poster: the assessor\'s session names its URL');
    // served like the video: exactly who may watch gets it, private to the browser
    const hit = (p, client, method = 'GET') => fetch(`${server.base}${p}`, { method, headers: client ? { Cookie: `ujikom_sid=${client.cookies.get('ujikom_sid')}` } : {} });
    res = await hit(posterUrl, komite);
    const pBody = Buffer.from(await res.arrayBuffer());
    check(res.status === 200 && res.headers.get('content-type') === 'image/jpeg' && sha256(pBody) === r.poster_sha256, 'poster: the committee gets the JPEG whose SHA-256 the row holds', `${res.status} ${res.headers.get('content-type')}`);
    check(/(^|[ ,])private([ ,]|$)/.test(res.headers.get('cache-control') || ''), 'poster: Cache-Control private', res.headers.get('cache-control'));
    auditor.base = server.base;
    for (const [desc, who] of [['the committee', komite], ['the assessor', asesor], ['the auditor', auditor], ['the asesi (not allowed by default)', asesi], ['a stranger', stranger], ['no session cookie', null]]) {
      const v = await hit(`/api/assessment/recordings/${rec}/video`, who, 'HEAD');
      const pr = await hit(posterUrl, who);
      await pr.arrayBuffer();
      check(v.status === pr.status, `poster: answers ${desc} as the video does (${v.status} / ${pr.status})`);
    }
    check(q("SELECT count(*) FROM ledger_entries WHERE action = 'assessment.recording.view'") === '1', 'poster: fetching posters records no viewing');

    // an audio-only recording is final, without a poster
    const audioFile = path.join(tmp, 'audio.webm');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=330', '-t', '3', '-c:a', 'libopus', '-f', 'webm', '-live', '1', audioFile]);
    const audio = fs.readFileSync(audioFile);
    const ca = rekam(server.base, asesor, `sesi=${session.id}&track=kamera&mime=${encodeURIComponent('audio/webm;codecs=opus')}`);
    check(await ca.opened, 'audio only: the assessor opens a recording');
    const recA = (await ca.next((m) => m.type === 'ready')).rec;
    ca.send(0, audio);
    await ca.next((m) => m.type === 'ack' && m.seq === 0);
    ca.ws.send(JSON.stringify({ type: 'stop' }));
    const finA = await ca.next((m) => m.type === 'final' || m.type === 'error', 30000);
    const rA = (await asesor.expect(200, 'GET', `/api/assessment/sessions/${session.id}`)).recordings.find((x) => x.id === recA);
    check(finA && finA.type === 'final' && rA && rA.state === 'final' && !rA.poster_sha256 && !rA.poster, 'audio only: final, without a poster', JSON.stringify(rA));
    res = await hit(`/api/assessment/recordings/${recA}/poster`, komite);
    const noPoster = await res.json();
    check(res.status === 404 && noPoster.error === 'asm_poster_none', 'audio only: its poster is 404 with a reason', JSON.stringify(noPoster));

    // the case's recordings, as the case page lists them
    let evidence = await asesor.expect(200, 'GET', `/api/assessment/recordings?case_id=${caseId}`);
    let es = evidence.sessions.find((x) => x.id === session.id);
    let er = es && es.recordings.find((x) => x.id === rec);
    check(es && es.state === 'open' && es.link === `/rekaman?sesi=${session.id}` && es.manifest_sha256 === null && es.duration_ms === null && es.retention && es.retention.held_by === 'undecided', 'case recordings: the open session, its link, no manifest yet, held while undecided', JSON.stringify(es && { ...es, recordings: undefined }));
    check(es && es.participants.some((p) => p.role === 'asesi' && p.name) && es.participants.some((p) => p.role === 'asesor' && p.name), 'case recordings: the participants with role and name');
    check(er && er.state === 'final' && er.role === 'asesi' && er.name && er.sha256 === r.sha256 && er.bytes === r.final_bytes && er.duration_ms === r.duration_ms && er.poster === posterUrl && er.poster_sha256 === r.poster_sha256, 'case recordings: the recording with participant, state, duration, bytes, SHA-256 and poster', JSON.stringify(er));
    check(es && es.recordings.find((x) => x.id === recA && x.role === 'asesor' && !x.poster), 'case recordings: the audio-only recording, without a poster');
    const kl = await komite.expect(200, 'GET', `/api/assessment/recordings?case_id=${caseId}`);
    check(kl.sessions.length === 1 && kl.sessions[0].recordings.some((x) => x.id === rec && x.poster === posterUrl), 'case recordings: the committee (assessment.recording.view) sees them');
    const al = await asesi.expect(200, 'GET', `/api/assessment/recordings?case_id=${caseId}`);
    check(al.sessions.length === 0, 'case recordings: the asesi (not allowed by default) gets an empty list', JSON.stringify(al));
    let cl = await stranger.call('GET', `/api/assessment/recordings?case_id=${caseId}`);
    check(cl.status === 404, 'case recordings: a stranger gets 404', String(cl.status));
    cl = await asesor.call('GET', '/api/assessment/recordings');
    check(cl.status >= 400 && cl.status < 500 && cl.json && cl.json.field === 'case_id', 'case recordings: without case_id the field is named', JSON.stringify(cl.json));

    // a participant offline when the session ends still delivers what the browser holds: a
    // second recording is half sent, the session ends, the rest arrives through a resume
    let c2 = rekam(server.base, asesi, `sesi=${session.id}&track=kamera`);
    check(await c2.opened, 'a second recording opens');
    const rec2 = (await c2.next((m) => m.type === 'ready')).rec;
    for (let i = 0; i < half; i++) {
      c2.send(i, chunks[i]);
      await c2.next((m) => m.type === 'ack' && m.seq === i);
    }
    c2.ws.terminate();
    // the session ends: its manifest is sealed, names the recording's hashes and is in the ledger
    await asesor.expect(200, 'POST', `/api/assessment/sessions/${session.id}/end`, {});
    const fresh = rekam(server.base, asesi, `sesi=${session.id}&track=kamera`);
    check(!(await fresh.opened), 'after the end no new recording opens');
    fresh.ws.terminate();
    c2 = rekam(server.base, asesi, `sesi=${session.id}&track=kamera&rec=${rec2}`);
    check(await c2.opened, 'after the end an unfinished recording still resumes (the grace)');
    const ready2 = await c2.next((m) => m.type === 'ready');
    for (let i = ready2.next_seq; i < chunks.length; i++) {
      c2.send(i, chunks[i]);
      await c2.next((m) => m.type === 'ack' && m.seq === i);
    }
    c2.ws.send(JSON.stringify({ type: 'stop' }));
    const fin2 = await c2.next((m) => m.type === 'final' || m.type === 'error', 30000);
    check(fin2 && fin2.type === 'final', 'the late recording is finalised with every chunk', JSON.stringify(fin2));
    const s2 = await asesi.expect(200, 'GET', `/api/assessment/sessions/${session.id}`);
    const r2 = s2.recordings.find((x) => x.id === rec2);
    check(r2 && r2.raw_sha256 === sha256(src), 'the late recording holds every byte sent before and after the end');
    const man = await asesi.expect(200, 'GET', `/api/assessment/sessions/${session.id}/manifest`);
    const track = man.manifest.tracks.find((t) => t.id === rec);
    check(track && track.sha256 === r.sha256 && track.raw_sha256 === r.raw_sha256 && track.chunks === chunks.length, 'manifest: the track with its chunk count and both hashes', JSON.stringify(track));
    check(man.manifest.gaps.length === 0 && man.manifest.events.some((e) => e.kind === 'ended'), 'manifest: no gaps, the timeline to the end');
    const canon = (v) => (Array.isArray(v) ? `[${v.map(canon).join(',')}]` : v && typeof v === 'object' ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canon(v[k])}`).join(',')}}` : JSON.stringify(v));
    check(sha256(Buffer.from(canon(man.manifest))) === man.sha256, 'manifest: its SHA-256 is the hash of its canonical JSON');
    const sealed = execFileSync('sqlite3', [path.join(server.dataDir, 'ujikom.db'), `SELECT payload_hash FROM ledger_entries WHERE action = 'assessment.manifest.seal' AND obj_id = '${session.id}'`], { encoding: 'utf8' }).trim();
    check(sealed === sha256(Buffer.from(canon({ sha256: man.sha256 }))), 'manifest: the ledger entry carries that hash', sealed);
    check(man.manifest.format === 'ujikom.manifest/2' && track && track.poster_sha256 === r.poster_sha256 && !('poster_sha256' in man.manifest.tracks.find((t) => t.id === recA)), 'manifest: format 2, the track names its poster\'s hash (none for audio only)', JSON.stringify(track));
    evidence = await asesor.expect(200, 'GET', `/api/assessment/recordings?case_id=${caseId}`);
    es = evidence.sessions.find((x) => x.id === session.id);
    check(es && es.state === 'ended' && es.manifest_sha256 === man.sha256 && es.duration_ms > 0 && es.recordings.length === 3 && es.recordings.every((x) => x.state === 'final'), 'case recordings: the ended session with its sealed manifest\'s hash', JSON.stringify(es && { ...es, recordings: es.recordings.map((x) => x.state) }));

    // retention: kept while undecided, until the decision date + 36 months, then purged
    const admin = await as(server.base, 'admin');
    const db = path.join(server.dataDir, 'ujikom.db');
    const sql = (q) => execFileSync('sqlite3', [db, q], { encoding: 'utf8' }).trim();
    let del = await admin.call('DELETE', `/api/assessment/recordings/${rec}`);
    check(del.status === 409 && del.json.error === 'asm_retention_undecided', 'retention: no purge before the decision', JSON.stringify(del.json));
    let store = await admin.expect(200, 'GET', '/api/assessment/storage');
    check(store.recordings === 3 && store.bytes === r.bytes + r.final_bytes + r2.bytes + r2.final_bytes + rA.bytes + rA.final_bytes && store.by_retention_year.ditahan === store.bytes, 'storage report: the three recordings counted, on hold', JSON.stringify(store));
    sql(`INSERT INTO cert_decisions (case_id, result, sk_number, berita_acara, decided_by, decided_at) VALUES (${caseId}, 'BK', 'SK-RET/1', 'Rapat pleno uji retensi.', 1, ${Date.now()})`);
    del = await admin.call('DELETE', `/api/assessment/recordings/${rec}`);
    const until = new Date();
    until.setUTCMonth(until.getUTCMonth() + 36);
    check(del.status === 409 && del.json.error === 'asm_retention_until' && del.json.message.includes(until.toISOString().slice(0, 4)), 'retention: a delete before retain_until is refused, naming the date', JSON.stringify(del.json));
    let purgeOut = execFileSync(BIN, ['purge', '--dry-run', '--data-dir', server.dataDir], { encoding: 'utf8' });
    check(purgeOut.trim() === '', 'ujikom purge --dry-run: nothing past its keeping period yet', purgeOut);
    sql(`UPDATE cert_decisions SET decided_at = ${Date.now() - 4 * 366 * 24 * 3600 * 1000} WHERE case_id = ${caseId}`);
    purgeOut = execFileSync(BIN, ['purge', '--dry-run', '--data-dir', server.dataDir], { encoding: 'utf8' });
    check(purgeOut.includes('"would_purge"') && purgeOut.includes(`"id":${rec}`), 'ujikom purge --dry-run: lists the expired recording, removes nothing', purgeOut);
    check(fs.existsSync(finalPath), 'the dry run left the file');
    purgeOut = execFileSync(BIN, ['purge', '--data-dir', server.dataDir], { encoding: 'utf8' });
    check(purgeOut.includes('"purged"'), 'ujikom purge: the expired recording is purged', purgeOut);
    check(!fs.existsSync(finalPath) && !fs.existsSync(blob(r.raw_sha256)), 'purge: both files are gone');
    const tomb = sql(`SELECT count(*) FROM ledger_entries WHERE action = 'assessment.recording.purge' AND obj_id = '${rec}'`);
    const blobTombs = sql(`SELECT count(*) FROM ledger_entries WHERE action = 'blob.purge' AND obj_id IN ('${r.sha256}', '${r.raw_sha256}')`);
    check(tomb === '1' && blobTombs === '2', 'purge: tombstones in the ledger (the recording and its two blobs)', `${tomb} ${blobTombs}`);
    check(posterPath && !fs.existsSync(posterPath), 'purge: the poster file is gone too');
    check(sql(`SELECT count(*) FROM ledger_entries WHERE action = 'blob.purge' AND obj_id = '${r.poster_sha256}'`) === '1' && sql(`SELECT purged_at IS NOT NULL FROM blobs WHERE sha256 = '${r.poster_sha256}'`) === '1', 'purge: the poster\'s tombstone (ledger, blob row)');
    res = await hit(posterUrl, komite);
    await res.arrayBuffer();
    check(res.status === 404, 'purge: the poster answers 404', String(res.status));
    evidence = await komite.expect(200, 'GET', `/api/assessment/recordings?case_id=${caseId}`);
    er = evidence.sessions[0].recordings.find((x) => x.id === rec);
    check(er && er.state === 'purged' && !er.poster && er.sha256 === r.sha256, 'case recordings: the purged recording keeps its hash, without a poster', JSON.stringify(er));
    check(purgeOut.includes('"kind":"evidence"'), 'ujikom purge: the case\'s evidence files went with it (certification module)', purgeOut);
    const after = await asesor.expect(200, 'GET', `/api/assessment/sessions/${session.id}`);
    const pr = after.recordings.find((x) => x.id === rec);
    check(pr && pr.purged_at && pr.sha256 === r.sha256 && pr.raw_sha256 === r.raw_sha256, 'purge: the row keeps the hashes and the purge time');
    res = await get(komite);
    await res.arrayBuffer();
    check(res.status === 404, 'purge: playback answers 404');
    del = await admin.call('DELETE', `/api/assessment/recordings/${rec}`);
    check(del.status === 409 && del.json.error === 'asm_recording_purged', 'purge: a second delete says it was purged');
    store = await admin.expect(200, 'GET', '/api/assessment/storage');
    check(store.bytes === 0, 'storage report: nothing kept after the purge');

    const late = rekam(server.base, asesi, `sesi=${session.id}&track=kamera&rec=${rec}`);
    check(!(await late.opened), 'a finalised recording takes no more chunks');
    late.ws.terminate();

    const out = server.ledgerVerify();
    check(/OK/.test(out), 'ledger: "ujikom ledger verify" accepts the chain', out.trim());
  } finally {
    await server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (e) {
  check(false, 'the test ran to the end', e.stack || String(e));
}
done();
