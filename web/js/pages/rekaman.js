// Playback of a remote session's recordings (/rekaman?sesi=N): the recordings of the session
// (GET /api/assessment/sessions/:id), a final one played with <video src="/api/assessment/
// recordings/<rec>/video"> (the server answers Range requests, so the player can seek), and the
// session's timeline beside it: choosing an event seeks to it. Event offsets count from the
// session's start (opened_at); a recording starts at its own started_at, so the position in the
// recording is opened_at + offset_ms - started_at. The sealed manifest's SHA-256 is shown; the
// player shows the recording's poster (the "poster" URL the session names) until it plays.

import { api } from '../api.js';
import { $, h, replaceChildren } from '../dom.js';
import { fmtDate, onLangChange, setText, t } from '../i18n.js';
import { initPage, markReady, showMessage, showPageMessage } from '../layout.js';
import { eventDetail, eventName, fmtOffset, partName } from '../session-events.js';

await initPage();
const sesiId = new URLSearchParams(location.search).get('sesi');

let session = null;
let manifest = null;
let playing = null; // the recording in the player
const names = new Map();

const ms = (iso) => Date.parse(iso);

function nameOf(id) {
  return names.get(id) || t('sesi.someone', { id });
}

function roleOf(id) {
  const p = (session.participants || []).find((x) => x.account_id === id);
  return p ? partName(p.role) : '';
}

/** Where an event falls in a recording (ms from its start), or null outside it. */
function positionIn(rec, ev) {
  const at = ms(session.opened_at) + ev.offset_ms - ms(rec.started_at);
  const dur = rec.duration_ms || 0;
  if (at < 0 || (dur && at > dur)) return null;
  return at;
}

function fmtSize(n) {
  if (!n) return t('common.dash');
  return n < 1048576 ? t('sesi.kb', { n: Math.round(n / 1024) }) : t('sesi.mb', { n: (n / 1048576).toFixed(1) });
}

function renderSummary() {
  replaceChildren(
    $('#summary'),
    h('div', {}, h('dt', {}, t('rekaman.session')), h('dd', {}, `#${session.id}`)),
    h('div', {}, h('dt', {}, t('rekaman.state')), h('dd', {}, t(session.state === 'open' ? 'rekaman.state.open' : 'rekaman.state.ended'))),
    h('div', {}, h('dt', {}, t('rekaman.opened')), h('dd', {}, fmtDate(session.opened_at))),
    h('div', {}, h('dt', {}, t('rekaman.endedAt')), h('dd', {}, fmtDate(session.ended_at))),
  );
  if (session.subject === 'case') $('#back').href = `/permohonan?id=${encodeURIComponent(session.subject_id)}`;
  if (manifest) {
    setText($('#manifest-note'), 'rekaman.manifest.sealed', { at: fmtDate(manifest.sealed_at || session.ended_at) });
    $('#manifest-hash').textContent = `SHA-256 ${manifest.sha256}`;
    $('#manifest-hash').dataset.sha256 = manifest.sha256;
  } else {
    setText($('#manifest-note'), 'rekaman.manifest.none');
    $('#manifest-hash').textContent = '';
  }
}

function renderList() {
  const items = (session.recordings || []).map((r) => {
    const final = r.state === 'final';
    const meta = [partName(((session.participants || []).find((p) => p.account_id === r.account_id) || {}).role), fmtDate(r.started_at)];
    if (r.duration_ms) meta.push(fmtOffset(r.duration_ms));
    meta.push(fmtSize(r.final_bytes || r.bytes));
    return h(
      'li',
      { dataset: { rec: String(r.id), state: r.state } },
      h('strong', {}, t('sesi.upload.rec', { id: r.id }), ' — ', nameOf(r.account_id)),
      h('span', { class: 'muted' }, ' ', meta.filter(Boolean).join(' · ')),
      ' ',
      h('span', { class: `badge ${final ? 'badge-ok' : r.state === 'failed' ? 'badge-warn' : 'badge-muted'}` }, t(`rekaman.rec.${['final', 'failed', 'recording'].includes(r.state) ? r.state : 'recording'}`)),
      r.truncated ? h('span', { class: 'badge badge-warn' }, t('rekaman.truncated')) : null,
      final ? h('button', { type: 'button', class: 'btn btn-secondary btn-small', dataset: { play: String(r.id) }, onclick: () => play(r) }, t('rekaman.play')) : null,
    );
  });
  replaceChildren($('#rec-list'), items.length ? items : h('li', { class: 'muted' }, t('rekaman.none')));
}

function renderTimeline() {
  const items = (session.events || []).map((ev) => {
    const pos = playing ? positionIn(playing, ev) : null;
    const body = [
      h('span', { class: 'tl-time' }, fmtOffset(ev.offset_ms)),
      h('span', { class: 'tl-what' }, eventName(ev.kind), ' — ', nameOf(ev.actor_id)),
      eventDetail(ev) ? h('span', { class: 'tl-detail' }, eventDetail(ev)) : null,
    ];
    const li = h('li', { dataset: { kind: ev.kind }, class: [ev.kind === 'flag' ? 'tl-flag' : '', playing && pos === null ? 'tl-out' : ''].join(' ').trim() || null });
    if (pos !== null) {
      li.dataset.pos = String(pos);
      li.append(h('button', { type: 'button', class: 'tl-seek link-button', title: t('rekaman.seekTo', { at: fmtOffset(pos) }), onclick: () => seek(pos) }, body));
    } else li.append(...body.filter(Boolean));
    return li;
  });
  replaceChildren($('#timeline'), items);
}

function seek(pos) {
  const v = $('#video');
  v.currentTime = pos / 1000;
  v.play().catch(() => {});
}

function play(r) {
  playing = r;
  const v = $('#video');
  $('#player').hidden = false;
  $('#player-error').textContent = '';
  $('#player-title').textContent = `${t('sesi.upload.rec', { id: r.id })} — ${nameOf(r.account_id)} (${roleOf(r.account_id)})`;
  $('#player-hash').textContent = r.sha256 ? `SHA-256 ${r.sha256}` : '';
  v.dataset.rec = String(r.id);
  // the poster the server made while finalising (only named for who may watch)
  if (r.poster) v.poster = r.poster;
  else v.removeAttribute('poster');
  v.src = `/api/assessment/recordings/${encodeURIComponent(r.id)}/video`;
  renderTimeline();
  $('#player').scrollIntoView({ block: 'start' });
}

$('#video').addEventListener('error', () => {
  // 404: not allowed (the asesi by default) or gone; else a network or decoding problem
  if (playing) showMessage($('#player-error'), t('rekaman.playError'));
});

async function main() {
  if (!sesiId || !/^\d+$/.test(sesiId)) {
    showPageMessage(t('rekaman.noSession'));
    return;
  }
  try {
    session = await api('GET', `/api/assessment/sessions/${encodeURIComponent(sesiId)}`);
  } catch (err) {
    if (!err.redirecting) showPageMessage(err.status === 404 ? t('sesi.notAllowed') : err.message);
    return;
  }
  for (const p of session.participants || []) if (p.name) names.set(p.account_id, p.name);
  try {
    const m = await api('GET', `/api/assessment/sessions/${encodeURIComponent(sesiId)}/manifest`);
    manifest = { sha256: m.sha256, sealed_at: m.sealed_at };
  } catch (err) {
    if (err.redirecting) return;
    manifest = null; // not sealed yet (409)
  }
  $('#page-body').hidden = false;
  const render = () => {
    renderSummary();
    renderList();
    renderTimeline();
  };
  render();
  onLangChange(render);
  markReady();
}

await main();
