// The live remote session of a case (/sesi?case=N; SE.007 A.IV.10, issue 4) for its asesi, its
// assigned assessor(s) and observers. The assessor opens the session; the asesi waits (polling
// gently) until it is open. In the room (room.js) each participant sends camera + microphone to
// every other connection (rtc.js, adapting to weak networks with adapt.js) and records its own
// camera + microphone (recorder.js: MediaRecorder chunks stored in IndexedDB before they are
// sent, resent after a lost connection or a reload; at a lower profile when the upload falls
// behind, rec-quality.js). Observers only watch. The assessor records
// the identity check, consent, instrument start/end, flags and notes in the timeline, and ends the
// session: every participant first finishes its recording (the server finalises the recordings
// when the session ends, so the pages flush before the end is sent).

import { api } from '../api.js';
import { $, $$, h, replaceChildren } from '../dom.js';
import { onLangChange, setText, t } from '../i18n.js';
import { hideNotice, initPage, markReady, showMessage, showNotice, showPageMessage } from '../layout.js';
import { persisted, prune } from '../backlog.js';
import { CameraRecorder, recorderMime, resumeLeftovers } from '../recorder.js';
import { decide as decideRecQuality, initial as recQualityStart, SAMPLE_MS as REC_SAMPLE_MS } from '../rec-quality.js';
import { Room } from '../room.js';
import { IceConfig, PeerMesh } from '../rtc.js';
import { eventDetail, eventName, fmtOffset, partName } from '../session-events.js';

const { account } = await initPage();
const caseId = new URLSearchParams(location.search).get('case');

const BACKLOG_WARN = 10; // chunks (seconds of recording) waiting on this device

let kase = null;
let sesiId = null;
let session = null; // GET /api/assessment/sessions/:id
let role = null; // our part: asesi, asesor, verifikator, pengamat
let room = null;
let mesh = null;
let ice = null; // STUN/TURN servers for the peer connections (rtc.js IceConfig)
let localStream = null;
let recorder = null;
const uploads = []; // this page's Upload objects (left over from a previous page, and the current)
let present = [];
let events = [];
const names = new Map(); // account id -> name
const tiles = new Map(); // conn -> {fig, video, caption, status, unmute}
const peerMedia = new Map(); // conn -> last media state
let sendLevel = 0;
let ending = false;
let selfFlushed = false;
let endPosted = false;
let flushing = null;
let ended = false;
let pollTimer = null;
let recQuality = recQualityStart();
let switching = Promise.resolve(); // a change of recording profile under way
// the server's last storage warning (modules/assessment/README.md, "Quotas"): its message key
let storageWarn = null;
const STORAGE_WARN = { disk_low: 'sesi.warn.diskLow', disk_full: 'sesi.warn.diskFull', storage_warning: 'sesi.warn.storageWarning', storage_full: 'sesi.warn.storageFull' };

const isAssessorRole = () => role === 'asesor' || role === 'verifikator';
const isParticipant = () => role && role !== 'pengamat';

/* ---------- finding the session ---------- */

async function findOpen() {
  const r = await api('GET', `/api/assessment/sessions?case_id=${encodeURIComponent(caseId)}`);
  return (r.sessions || []).find((s) => s.state === 'open') || null;
}

function showWait() {
  const assessor = !!(kase && kase.viewer && kase.viewer.assigned_asesor);
  $('#wait-panel').hidden = false;
  $('#open-session').hidden = !assessor;
  setText($('#wait-text'), assessor ? 'sesi.wait.asesor' : 'sesi.wait.asesi');
  if (assessor) return;
  // the asesi (or an observer) waits: ask again every 5 s, then more slowly
  let polls = 0;
  const poll = async () => {
    polls++;
    let open = null;
    try {
      open = await findOpen();
    } catch (err) {
      if (err.redirecting) return;
    }
    if (open) {
      await join(open.id);
      return;
    }
    pollTimer = setTimeout(poll, polls < 24 ? 5000 : 15000);
  };
  pollTimer = setTimeout(poll, 5000);
}

$('#open-session').addEventListener('click', async () => {
  const btn = $('#open-session');
  btn.disabled = true;
  try {
    const s = await api('POST', '/api/assessment/sessions', { case_id: Number(caseId) });
    await join(s.id);
  } catch (err) {
    if (!err.redirecting) showMessage($('#page-error'), err.message);
  } finally {
    btn.disabled = false;
  }
});

/* ---------- media ---------- */

function mediaErrorKey(err) {
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return 'sesi.media.insecure';
  switch (err && err.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'sesi.media.denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'sesi.media.notFound';
    case 'NotReadableError':
    case 'AbortError':
      return 'sesi.media.busy';
    default:
      return 'sesi.media.failed';
  }
}

async function startMedia() {
  try {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) throw new Error('insecure');
    localStream = await navigator.mediaDevices.getUserMedia({
      video: { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 15, max: 20 } },
      audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
    });
  } catch (err) {
    localStream = null;
    showNotice($('#media-error'), mediaErrorKey(err), {}, 'error');
    $('#media-retry-row').hidden = false;
    return;
  }
  $('#local-video').srcObject = localStream;
  if (!recorderMime()) {
    showNotice($('#media-error'), 'sesi.rec.unsupported', {}, 'error');
    return;
  }
  // after a reload, go on at the profile this session's upload last needed
  const kept = Number(sessionStorage.getItem(profileKey()) || 0);
  recQuality = { ...recQualityStart(), profile: Number.isInteger(kept) ? kept : 0 };
  recorder = new CameraRecorder(localStream, { sesi: sesiId, account: account.id, onChange: renderUploads, checkClosed, profile: recQuality.profile });
  try {
    await recorder.start();
    uploads.push(recorder.upload);
  } catch {
    recorder = null;
    showNotice($('#media-error'), 'sesi.rec.unsupported', {}, 'error');
  }
  renderUploads();
  if (recorder) setInterval(sampleRecQuality, REC_SAMPLE_MS);
}

const profileKey = () => `ujikom.rec-profile.${sesiId}`;

/** Every REC_SAMPLE_MS: is the upload keeping up with the recording? (rec-quality.js) */
function sampleRecQuality() {
  if (!recorder || !recorder.recording() || flushing || ended) return;
  if (recorder.full()) {
    // near recording_max_bytes: the same profile in a new recording, overlapping as below
    switching = switching.then(() => switchRecording(recQuality.profile));
    return;
  }
  const pending = uploads.filter((u) => u.meta.sesi === sesiId && u.meta.state === 'recording').reduce((n, u) => n + u.pending(), 0);
  const next = decideRecQuality(recQuality, { pending, fullQuality: sendLevel === 0 });
  const changed = next.profile !== recQuality.profile;
  recQuality = next;
  if (changed) switching = switching.then(() => switchRecording(next.profile));
}

/** Records at another profile: the old recording stops only once the new one has stored its first
 *  chunk, so no moment is missing (they overlap by about a second); the old one's backlog goes on
 *  being sent until it is final. */
async function switchRecording(profile) {
  const old = recorder;
  if (!old || flushing || ended || !localStream) return;
  if (old.profile === profile && !old.full()) return; // asked twice: done already
  const next = new CameraRecorder(localStream, { sesi: sesiId, account: account.id, onChange: renderUploads, checkClosed, profile });
  try {
    await next.start();
    uploads.push(next.upload);
    const first = await Promise.race([next.firstChunk.then(() => true), new Promise((r) => setTimeout(() => r(false), 10_000))]);
    if (!first) throw new Error('no chunk');
  } catch {
    if (next.mr) next.stop(); // the current recording goes on
    return;
  }
  recorder = next;
  try {
    sessionStorage.setItem(profileKey(), String(profile));
  } catch {
    /* private mode: a reload starts at full quality again */
  }
  old.stop();
  renderUploads();
}

// a retry after a refusal: the simplest complete restart is the page itself (the backlog survives)
$('#media-retry').addEventListener('click', () => location.reload());

/** Whether the server will never take more chunks of this recording (asked after failed
 *  connections of an upload). */
async function checkClosed(meta) {
  const s = await api('GET', `/api/assessment/sessions/${encodeURIComponent(meta.sesi)}`);
  const r = meta.rec ? (s.recordings || []).find((x) => x.id === meta.rec) : null;
  if (s.state !== 'open') return !r || r.state !== 'recording';
  return !!(r && r.state !== 'recording');
}

/* ---------- drawing ---------- */

function nameOf(accountId) {
  return names.get(accountId) || t('sesi.someone', { id: accountId });
}

function caption(p) {
  return `${p.name || nameOf(p.account_id)} · ${partName(p.role)}`;
}

function renderLocalCaption() {
  const cap = $('#local-caption');
  const parts = [t('sesi.you', { role: partName(role) })];
  if (recorder && recorder.recording()) parts.push(t('sesi.recording'));
  if (sendLevel === 3) parts.push(t('sesi.quality.audioOnly'));
  else if (sendLevel > 0) parts.push(t('sesi.quality.lowered'));
  if (recorder && recorder.profile > 0) parts.push(t('sesi.quality.recLowered'));
  cap.textContent = parts.join(' · ');
  $('#local-tile').dataset.level = String(sendLevel);
  $('#local-tile').dataset.recProfile = String(recorder ? recorder.profile : 0);
  $('#local-tile').hidden = !localStream;
}

function tileFor(p) {
  let tile = tiles.get(p.conn);
  if (tile) {
    tile.caption.textContent = caption(p);
    return tile;
  }
  const video = h('video', { autoplay: true, playsinline: true, dataset: { remote: String(p.conn) } });
  const status = h('span', { class: 'vstatus' });
  const unmute = h('button', { type: 'button', class: 'btn btn-primary btn-small vunmute', hidden: true }, t('sesi.unmute'));
  const cap = h('figcaption', {}, caption(p));
  const fig = h('figure', { class: 'vtile', dataset: { conn: String(p.conn), role: p.role, frames: '0' } }, video, status, unmute, cap);
  unmute.addEventListener('click', () => {
    video.muted = false;
    video.play().catch(() => {});
    unmute.hidden = true;
  });
  tile = { fig, video, caption: cap, status, unmute, p };
  tiles.set(p.conn, tile);
  $('#video-grid').append(fig);
  setText(status, p.role === 'pengamat' ? 'sesi.peer.observer' : 'sesi.peer.connecting');
  return tile;
}

function removeTile(conn) {
  const tile = tiles.get(conn);
  if (!tile) return;
  tile.video.srcObject = null;
  tile.fig.remove();
  tiles.delete(conn);
}

function onRemote(conn, stream) {
  const p = present.find((x) => x.conn === conn) || { conn, role: '', account_id: 0 };
  const tile = tileFor(p);
  if (tile.video.srcObject !== stream) tile.video.srcObject = stream;
  tile.video.play().catch(() => {
    // autoplay with sound refused: play muted and offer a button
    tile.video.muted = true;
    tile.video.play().catch(() => {});
    tile.unmute.hidden = false;
  });
}

function onStats(conn, s) {
  const tile = tiles.get(conn);
  if (tile) {
    tile.fig.dataset.frames = String(s.framesDecoded || 0);
    tile.fig.dataset.state = s.state || '';
    const key = s.state === 'failed' || s.state === 'disconnected' ? 'sesi.peer.lost' : s.state === 'connected' ? null : tile.p.role === 'pengamat' ? 'sesi.peer.observer' : 'sesi.peer.connecting';
    if (key) setText(tile.status, key);
    else {
      tile.status.textContent = '';
      delete tile.status.dataset.i18n;
    }
    tile.status.hidden = !key;
  }
  // what we send: the worst level over our peers
  const level = mesh ? Math.max(0, ...[...mesh.peers.values()].map((p) => p.level || 0)) : 0;
  if (level !== sendLevel) {
    sendLevel = level;
    renderLocalCaption();
  }
}

function renderPeople() {
  const items = present.map((p) =>
    h('li', { dataset: { conn: String(p.conn), role: p.role } }, h('span', { class: 'person-name' }, p.name || nameOf(p.account_id)), ' ', h('span', { class: 'badge badge-muted' }, partName(p.role)), room && p.conn === room.conn ? h('span', { class: 'muted' }, ` (${t('sesi.youShort')})`) : null),
  );
  replaceChildren($('#people'), items.length ? items : h('li', { class: 'muted' }, t('sesi.nobody')));
}

function renderTimeline() {
  const items = events.map((ev) =>
    h(
      'li',
      { dataset: { kind: ev.kind }, class: ev.kind === 'flag' ? 'tl-flag' : null },
      h('span', { class: 'tl-time' }, fmtOffset(ev.offset_ms)),
      h('span', { class: 'tl-what' }, eventName(ev.kind), ' — ', nameOf(ev.actor_id)),
      eventDetail(ev) ? h('span', { class: 'tl-detail' }, eventDetail(ev)) : null,
    ),
  );
  replaceChildren($('#timeline'), items);
}

function fmtBytes(n) {
  if (n < 1024 * 1024) return t('sesi.kb', { n: Math.max(0, Math.round(n / 1024)) });
  return t('sesi.mb', { n: (n / 1048576).toFixed(1) });
}

function renderUploads() {
  const list = $('#upload-list');
  if (!list) return;
  $('#upload-panel').hidden = !isParticipant();
  let pending = 0;
  let storage = false;
  // a recorder stopped before its first chunk left nothing to show
  const items = uploads.filter((u) => u.meta.rec || u.meta.chunks || u.meta.state === 'recording').map((u) => {
    const m = u.meta;
    if (m.state === 'recording') pending += u.pending();
    if (u.storageError) storage = true;
    const current = recorder && recorder.upload === u && recorder.recording();
    let stateKey;
    if (m.state === 'final') stateKey = 'sesi.upload.final';
    else if (m.state === 'lost') stateKey = 'sesi.upload.lost';
    else if (current) stateKey = u.connected ? 'sesi.upload.live' : 'sesi.upload.offline';
    else stateKey = u.connected ? 'sesi.upload.catchingUp' : 'sesi.upload.offline';
    return h(
      'li',
      { dataset: { rec: String(m.rec || ''), local: m.local, state: m.state, chunks: String(m.chunks), acked: String(m.acked), bytes: String(m.bytes) } },
      h('span', { class: 'up-name' }, m.rec ? t('sesi.upload.rec', { id: m.rec }) : t('sesi.upload.recNew')),
      h('span', { class: `badge ${m.state === 'final' ? 'badge-ok' : m.state === 'lost' ? 'badge-warn' : 'badge-muted'}` }, t(stateKey, { n: m.lost || 0 })),
      h('span', { class: 'up-progress' }, t('sesi.upload.progress', { acked: m.acked, total: m.chunks, sent: fmtBytes(m.ackedBytes || 0), size: fmtBytes(m.bytes || 0) })),
      h('progress', { max: String(Math.max(1, m.chunks)), value: String(m.acked), 'aria-label': t('sesi.upload.title') }),
    );
  });
  replaceChildren(list, items);
  const warn = $('#upload-warn');
  if (storage) showNotice(warn, 'sesi.upload.serverStorage', {}, 'warn');
  else if (pending > BACKLOG_WARN) showNotice(warn, 'sesi.upload.behind', { n: pending }, 'warn');
  else if (uploads.length && !persisted()) showNotice(warn, 'sesi.upload.memoryOnly', {}, 'warn');
  else hideNotice(warn);
  $('#upload-panel').dataset.pending = String(pending);
  renderLocalCaption();
}

/* ---------- the room ---------- */

function onState(m) {
  present = m.present || [];
  for (const p of present) if (p.name) names.set(p.account_id, p.name);
  events = m.events || events;
  if (mesh) mesh.sync(present);
  for (const p of present) if (room && p.conn !== room.conn) tileFor(p);
  for (const conn of [...tiles.keys()]) if (!present.some((p) => p.conn === conn)) removeTile(conn);
  for (const conn of [...peerMedia.keys()]) if (!present.some((p) => p.conn === conn)) peerMedia.delete(conn);
  renderPeople();
  renderTimeline();
  setText($('#conn-status'), 'sesi.conn.up');
  $('#conn-status').dataset.state = 'up';
  if (m.state && m.state !== 'open') onEnded();
  else checkEndProgress();
}

async function onDown(failures) {
  setText($('#conn-status'), 'sesi.conn.reconnecting');
  $('#conn-status').dataset.state = 'down';
  // the peer connections keep their media meanwhile; the new room connection rebuilds them
  if (failures >= 3) {
    // a refused handshake looks like a lost connection: has the session ended?
    try {
      const s = await api('GET', `/api/assessment/sessions/${encodeURIComponent(sesiId)}`);
      if (s.state !== 'open') {
        events = s.events || events;
        onEnded();
      }
    } catch {
      /* offline: keep trying */
    }
  }
}

function onMedia(m) {
  peerMedia.set(m.from, m.state || {});
  if (m.state && m.state.ending && isParticipant() && !isAssessorRole()) flushForEnd();
  else if (m.state && m.state.ending && isAssessorRole() && !ending) flushForEnd(); // a second assessor
  checkEndProgress();
}

async function join(id) {
  clearTimeout(pollTimer);
  sesiId = id;
  try {
    session = await api('GET', `/api/assessment/sessions/${encodeURIComponent(id)}`);
  } catch (err) {
    if (!err.redirecting) showMessage($('#page-error'), err.message);
    return;
  }
  role = session.you && session.you.role;
  for (const p of session.participants || []) if (p.name) names.set(p.account_id, p.name);
  events = session.events || [];
  $('#wait-panel').hidden = true;
  if (session.state !== 'open') {
    onEnded();
    return;
  }
  $('#live').hidden = false;
  $('#controls').hidden = !isAssessorRole();
  renderTimeline();
  if (isParticipant()) {
    prune().catch(() => {});
    // what earlier pages left on this device (this session after a reload, or another session
    // interrupted before): sent now; shown while going, and this session's finished ones
    const left = await resumeLeftovers(null, account.id, { onChange: renderUploads, checkClosed });
    uploads.push(...left.filter((u) => u.meta.state === 'recording' || (u.meta.sesi === id && Date.now() - u.meta.createdAt < 12 * 3600 * 1000)));
    await startMedia();
  }
  renderLocalCaption();
  renderUploads();
  // before the first connection: STUN/TURN with a fresh TURN credential (none configured: [])
  if (ice) ice.stop();
  // (no redirect on 401: an idle sign-in still holds the room; a refresh that fails keeps the list)
  ice = new IceConfig(() => api('GET', `/api/assessment/sessions/${encodeURIComponent(id)}/ice`, undefined, { redirect401: false }));
  await ice.start();
  mesh = new PeerMesh({
    send: (to, data) => room && room.send({ type: 'signal', to, data }),
    stream: localStream,
    iceServers: () => ice.servers,
    onRemote,
    onGone: () => {},
    onStats,
  });
  room = new Room(id, {
    onHello: (m) => {
      mesh.setSelf(m.conn);
      if (flushing && selfFlushed) room.send({ type: 'media', state: { flushed: true } });
    },
    onState,
    onSignal: (m) => mesh.handleSignal(m.from, m.data),
    onMedia,
    onWarning: (m) => {
      if (STORAGE_WARN[m.warning]) {
        storageWarn = STORAGE_WARN[m.warning];
        showNotice($('#room-warn'), storageWarn, {}, 'warn');
      }
    },
    onDown,
  });
  room.connect();
}

/* ---------- the assessor's notes ---------- */

for (const btn of $$('[data-event]')) {
  btn.addEventListener('click', async () => {
    const kind = btn.dataset.event;
    const detailEl = $('#event-detail');
    const detail = detailEl.value.trim();
    $('#event-detail-error').textContent = '';
    $('#controls-error').textContent = '';
    if (kind === 'flag' && !detail) {
      $('#event-detail-error').textContent = t('sesi.controls.flagNeedsNote');
      detailEl.focus();
      return;
    }
    btn.disabled = true;
    try {
      const body = { kind };
      if (detail) body.detail = detail;
      const s = await api('POST', `/api/assessment/sessions/${encodeURIComponent(sesiId)}/events`, body);
      events = s.events || events;
      renderTimeline();
      detailEl.value = '';
      showNotice($('#notice'), 'sesi.controls.recorded', { what: eventName(kind) }, 'ok');
    } catch (err) {
      if (!err.redirecting) {
        if (err.field === 'detail') $('#event-detail-error').textContent = err.message;
        else $('#controls-error').textContent = err.message;
      }
    } finally {
      btn.disabled = false;
    }
  });
}

/* ---------- ending ---------- */

/** Stops our recorder and waits until every upload of this page is final (or lost). */
function finishRecording() {
  if (!flushing) {
    flushing = (async () => {
      await switching;
      if (recorder) await recorder.stop();
      await Promise.all(uploads.filter((u) => u.meta.sesi === sesiId).map((u) => u.done));
      renderUploads();
    })();
  }
  return flushing;
}

/** A participant asked to finish before the end: flush, then tell the room. */
async function flushForEnd() {
  if (selfFlushed || flushing) return;
  if (!isAssessorRole()) showNotice($('#notice'), 'sesi.ending.asesi', {}, 'warn');
  await finishRecording();
  selfFlushed = true;
  if (room) room.send({ type: 'media', state: { flushed: true } });
}

function checkEndProgress() {
  if (!ending || !selfFlushed || endPosted || ended) return;
  const me = room && room.conn;
  const waiting = present.filter((p) => p.conn !== me && p.role !== 'pengamat' && !(peerMedia.get(p.conn) || {}).flushed);
  if (waiting.length) {
    setText($('#end-status'), 'sesi.ending.waiting', { names: waiting.map((p) => p.name || nameOf(p.account_id)).join(', ') });
    return;
  }
  postEnd();
}

async function postEnd() {
  if (endPosted || ended) return;
  endPosted = true;
  setText($('#end-status'), 'sesi.ending.closing');
  try {
    const s = await api('POST', `/api/assessment/sessions/${encodeURIComponent(sesiId)}/end`, {});
    events = s.events || events;
    onEnded();
  } catch (err) {
    if (err.code === 'asm_session_ended') onEnded();
    else {
      endPosted = false;
      if (!err.redirecting) showMessage($('#controls-error'), err.message);
    }
  }
}

$('#end-session').addEventListener('click', async () => {
  if (ending || !window.confirm(t('sesi.endConfirm'))) return;
  ending = true;
  $('#end-session').disabled = true;
  $('#end-force-row').hidden = false;
  setText($('#end-status'), 'sesi.ending.flushing');
  if (room) room.send({ type: 'media', state: { ending: true } });
  await finishRecording();
  selfFlushed = true;
  checkEndProgress();
});

$('#end-force').addEventListener('click', () => postEnd());

function onEnded() {
  if (ended) return;
  ended = true;
  if (recorder && recorder.recording()) finishRecording(); // what is left after the end cannot be taken
  if (room) room.close();
  if (mesh) mesh.destroy();
  if (ice) ice.stop();
  for (const conn of [...tiles.keys()]) removeTile(conn);
  if (localStream) for (const tr of localStream.getTracks()) tr.stop();
  $('#live').hidden = false;
  for (const el of [$('.stage'), $('#controls')]) el.hidden = true;
  $('#ended-panel').hidden = false;
  const link = $('#playback-link');
  link.href = `/rekaman?sesi=${encodeURIComponent(sesiId)}`;
  link.hidden = role === 'asesi';
  renderPeople();
  renderTimeline();
  renderUploads();
  $('#ended-panel').dataset.ended = '1';
}

/* ---------- start ---------- */

async function main() {
  if (!caseId || !/^\d+$/.test(caseId)) {
    showPageMessage(t('sesi.noCase'));
    return;
  }
  $('#back').href = `/permohonan?id=${encodeURIComponent(caseId)}`;
  try {
    kase = await api('GET', `/api/cases/${encodeURIComponent(caseId)}`);
  } catch (err) {
    if (err.redirecting) return;
    kase = null; // an observer may see the session without the case
  }
  let open = null;
  try {
    open = await findOpen();
  } catch (err) {
    if (!err.redirecting) showPageMessage(err.status === 404 ? t('sesi.notAllowed') : err.message);
    return;
  }
  onLangChange(() => {
    renderPeople();
    renderTimeline();
    renderUploads();
    for (const tile of tiles.values()) {
      tile.caption.textContent = caption(tile.p);
      tile.unmute.textContent = t('sesi.unmute');
    }
  });
  markReady();
  if (open) await join(open.id);
  else showWait();
  if (storageWarn) showNotice($('#room-warn'), storageWarn, {}, 'warn');
}

await main();
