// The assessment page (/asesmen?case=N) while a case is ASSESSING (SE.007 A.IV.8d): the
// instruments the plan (FR.MAPA.02) selected. The asesi starts and answers the timed online sheets
// (IA.05, IA.06) with autosave that survives a reload and a lost connection (answer-sheet.js),
// then submits and signs them; the other instruments happen in the video session. The assigned
// assessor judges each instrument (judge.js) and signs, and once all are signed ends the stage
// (instruments_complete). Other staff read the page.

import { api } from '../api.js';
import { $, $$, h, replaceChildren } from '../dom.js';
import { clearErrors, showFormError } from '../forms.js';
import { SignCancelled, signedPost } from '../sign.js';
import { fmtDate, onLangChange, t } from '../i18n.js';
import { initPage, markReady, showMessage, showNotice, showPageMessage } from '../layout.js';
import { skemaDetail, stageName } from '../certification.js';
import { AnswerSheet, fmtRemaining, sheetFields } from '../answer-sheet.js';
import { collectJudgement, judgeForm } from '../judge.js';

const { account } = await initPage();
const caseId = new URLSearchParams(location.search).get('case');

const LIST = { ia01: 'items', ia02: 'tasks', ia03: 'questions', ia04: 'projects', ia05: 'items', ia06: 'questions', ia07: 'questions', ia08: 'documents', ia09: 'questions', ia10: 'questions' };
const SUMMARY = new Set(['ia03', 'ia07', 'ia09']);

let kase = null;
let inst = null;
let skema = null;
let sheet = null; // the open AnswerSheet
let ticker = null;
let judging = null; // the instrument whose judgement form is open
let warned = new Set();

const isOwner = () => kase && kase.asesi_id === account.id;
const isAssessor = () => kase && (kase.allowed || []).some((s) => s.event === 'instruments_complete');

async function load() {
  kase = await api('GET', `/api/cases/${encodeURIComponent(caseId)}`);
  inst = await api('GET', `/api/cases/${encodeURIComponent(caseId)}/instruments`);
  if (!skema) skema = await skemaDetail(kase.skema_id);
}

function title(it) {
  return `${it.form} ${t(`asesmen.instrument.${it.code}`)}`;
}

/** The text of KUK (unit, element, kuk) from the scheme, for IA.01 lines. */
function kukText(item) {
  const u = (skema.units || []).find((x) => x.code === item.unit);
  const el = u && (u.elements || [])[item.element - 1];
  const k = el && (el.kuk || [])[item.kuk - 1];
  const text = typeof k === 'string' ? k : k && (k.text || k.title);
  return text ? `${item.unit} · ${item.element}.${item.kuk} ${text}` : null;
}

function renderSummary() {
  replaceChildren(
    $('#summary'),
    h('div', {}, h('dt', {}, t('asesmen.skema')), h('dd', {}, skema ? `${skema.title} (${skema.number})` : '')),
    h('div', {}, h('dt', {}, t('asesmen.stage')), h('dd', {}, stageName(kase.state))),
    h('div', {}, h('dt', {}, t('asesmen.potensi')), h('dd', {}, inst.potensi ? t(`asesmen.potensi.${inst.potensi}`) : t('common.dash'))),
  );
  $('#back').href = `/permohonan?id=${encodeURIComponent(caseId)}`;
  let note = '';
  if (!inst.planned) note = t('asesmen.notPlanned');
  else if (kase.state === 'PLANNED' || kase.state === 'CONSENTED') note = t('asesmen.notStarted');
  else if (kase.state !== 'ASSESSING') note = t('asesmen.over');
  else if (isOwner()) note = t('asesmen.asesiIntro');
  else if (isAssessor()) note = t('asesmen.asesorIntro');
  $('#stage-note').textContent = note;
  // the live video session (sesi.html), where the instruments run by the assessor happen
  $('#session-link').href = `/sesi?case=${encodeURIComponent(caseId)}`;
  $('#session-link-row').hidden = !((isOwner() || (kase.viewer && kase.viewer.assigned_asesor)) && ['PLANNED', 'CONSENTED', 'ASSESSING'].includes(kase.state));
}

function sheetBadge(it) {
  if (!it.online) return null;
  const s = it.sheet;
  const key = !s ? 'asesmen.sheet.none' : s.status === 'final' ? (s.final_by === 'timeout' ? 'asesmen.sheet.timeout' : 'asesmen.sheet.final') : s.status === 'expired' ? 'asesmen.sheet.expired' : 'asesmen.sheet.open';
  return h('span', { class: `badge ${s && s.status === 'final' ? 'badge-ok' : 'badge-muted'}`, dataset: { sheet: s ? s.status : 'none' } }, t(key));
}

function resultBadge(it) {
  if (!it.result) return h('span', { class: 'badge badge-muted', dataset: { result: 'none' } }, t('asesmen.result.none'));
  return h('span', { class: `badge ${it.result.rekomendasi === 'K' ? 'badge-ok' : 'badge-warn'}`, dataset: { result: it.result.rekomendasi } }, t('asesmen.result.signed', { rek: it.result.rekomendasi }));
}

function renderList() {
  const running = kase.state === 'ASSESSING';
  const items = (inst.instruments || []).map((it) => {
    const actions = [];
    if (isOwner() && it.online && running) {
      const final = it.sheet && it.sheet.status === 'final';
      if (!final)
        actions.push(
          h('button', { type: 'button', class: 'btn btn-primary', dataset: { start: it.code }, onclick: () => openSheet(it.code) }, t(it.sheet ? 'asesmen.sheet.continue' : 'asesmen.sheet.start', { min: it.minutes })),
        );
    } else if (isOwner() && !it.online) {
      actions.push(h('p', { class: 'muted' }, t('asesmen.byAssessor')));
    }
    if (isAssessor() && running) {
      const waiting = it.online && (!it.sheet || it.sheet.status !== 'final');
      actions.push(
        h(
          'button',
          { type: 'button', class: 'btn btn-secondary', dataset: { judge: it.code }, disabled: waiting, onclick: () => openJudge(it.code) },
          t(it.result ? 'asesmen.judge.again' : 'asesmen.judge.open'),
        ),
      );
      if (waiting) actions.push(h('p', { class: 'muted' }, t(it.sheet ? 'asesmen.judge.waitSheet' : 'asesmen.judge.waitStart')));
    }
    const meta = [];
    if (it.online) meta.push(t('asesmen.onlineMeta', { n: it.items, min: it.minutes }));
    if (it.sheet && it.sheet.deadline_at && it.sheet.status !== 'final') meta.push(t('asesmen.deadline', { at: fmtDate(it.sheet.deadline_at) }));
    return h(
      'li',
      { dataset: { instrument: it.code } },
      h('h3', {}, title(it)),
      h('p', { class: 'button-row' }, sheetBadge(it), !isOwner() ? resultBadge(it) : null),
      meta.length ? h('p', { class: 'muted' }, meta.join(' · ')) : null,
      actions.length ? h('div', { class: 'button-row' }, actions) : null,
    );
  });
  replaceChildren($('#instrument-list'), items);
  const allDone = (inst.instruments || []).length > 0 && inst.instruments.every((it) => it.result && it.result.case_state === 'ASSESSING');
  $('#complete-row').hidden = !(isAssessor() && running && allDone);
}

function renderAll() {
  renderSummary();
  renderList();
}

/* ---------- the asesi's answer sheet ---------- */

function showSheetState(st) {
  const status = $('#sheet-status');
  let key = 'asesmen.sheet.saved';
  let state = 'saved';
  if (st.status === 'final') {
    key = st.finalBy === 'timeout' ? 'asesmen.sheet.timeout' : 'asesmen.sheet.final';
    state = 'final';
  } else if (st.offline) {
    key = 'asesmen.sheet.offline';
    state = 'offline';
  } else if (st.error) {
    state = 'error';
  } else if (st.pending) {
    key = 'asesmen.sheet.saving';
    state = 'saving';
  }
  status.dataset.state = state;
  status.textContent = state === 'error' ? st.error : t(key, { at: fmtDate(st.savedAt) });
  if (st.status === 'final') lockSheet();
}

function lockSheet() {
  for (const el of $$('#sheet-host input, #sheet-host textarea')) el.disabled = true;
  $('#sheet-submit').hidden = true;
}

function tick() {
  if (!sheet) return;
  const ms = sheet.remainingMs();
  const timer = $('#sheet-timer');
  timer.textContent = sheet.final ? t('asesmen.sheet.closed') : t('asesmen.sheet.left', { time: fmtRemaining(ms) });
  timer.toggleAttribute('data-low', ms < 5 * 60 * 1000);
  for (const m of [5, 1]) {
    if (!sheet.final && ms <= m * 60 * 1000 && ms > 0 && !warned.has(m)) {
      warned.add(m);
      showNotice($('#notice'), 'asesmen.sheet.warn', { min: m }, 'warn');
    }
  }
  if (!sheet.final && ms <= 0 && !sheet.timeUp) {
    // The time is up: the last answers go to the server (it accepts them within a grace
    // period), then the server closes the sheet.
    sheet.timeUp = true;
    lockSheet();
    showNotice($('#notice'), 'asesmen.sheet.timeUpNotice', {}, 'warn');
    sheet.save().finally(() => setTimeout(() => sheet && sheet.refresh().catch(() => {}), 31000));
  }
}

async function openSheet(code) {
  closeJudge();
  let it = inst.instruments.find((x) => x.code === code);
  let s = it.sheet;
  let content = it.content;
  let now = inst.now;
  try {
    if (!s || !content) {
      const r = await api('POST', `/api/cases/${encodeURIComponent(caseId)}/instruments/${code}/start`, {});
      content = r.content;
      now = r.now;
      s = r;
    }
  } catch (err) {
    if (!err.redirecting) showMessage($('#page-error'), err.message);
    return;
  }
  warned = new Set();
  sheet = new AnswerSheet({ caseId, code, sheet: s, content, now, onChange: showSheetState });
  $('#sheet-title').textContent = title(it);
  replaceChildren($('#sheet-host'), sheetFields(sheet, code, sheet.final));
  $('#sheet-submit').hidden = sheet.final;
  $('#sheet-panel').hidden = false;
  showSheetState(sheet.state());
  clearInterval(ticker);
  ticker = setInterval(tick, 1000);
  tick();
  $('#sheet-panel').scrollIntoView({ block: 'start' });
  $('#sheet-panel').focus({ preventScroll: true });
  // the list shows the sheet as started
  inst = await api('GET', `/api/cases/${encodeURIComponent(caseId)}/instruments`).catch(() => inst);
  renderList();
}

function closeSheet() {
  clearInterval(ticker);
  ticker = null;
  if (sheet) sheet.save();
  sheet = null;
  $('#sheet-panel').hidden = true;
  replaceChildren($('#sheet-host'));
}

$('#sheet-close').addEventListener('click', closeSheet);
$('#sheet-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  if (!sheet || sheet.final) return;
  const form = $('#sheet-form');
  clearErrors(form);
  const empty = sheet.answers.filter((a) => a === null || a === '').length;
  if (!window.confirm(t(empty ? 'asesmen.sheet.confirmEmpty' : 'asesmen.sheet.confirm', { n: empty }))) return;
  const btn = $('#sheet-submit');
  btn.disabled = true;
  try {
    await sheet.submit(signedPost);
    showNotice($('#notice'), 'asesmen.sheet.sent', {}, 'ok');
    inst = await api('GET', `/api/cases/${encodeURIComponent(caseId)}/instruments`);
    renderList();
  } catch (err) {
    if (err instanceof SignCancelled) showFormError(form, t('case.sign.cancelled'));
    else if (!err.redirecting) {
      showFormError(form, err.message);
      if (err.code === 'instrument_time_up' || err.code === 'instrument_final') await sheet.refresh().catch(() => {});
    }
  } finally {
    btn.disabled = false;
  }
});

/* ---------- the assessor's judgement ---------- */

function openJudge(code) {
  closeSheet();
  const it = inst.instruments.find((x) => x.code === code);
  judging = it;
  $('#judge-title').textContent = title(it);
  const prev = it.result && it.result.data;
  replaceChildren($('#judge-host'), judgeForm(it, { listName: LIST[code], summary: SUMMARY.has(code), kukText, prev, disabled: false }));
  $('#judge-panel').hidden = false;
  $('#judge-panel').scrollIntoView({ block: 'start' });
  $('#judge-panel').focus({ preventScroll: true });
}

function closeJudge() {
  judging = null;
  $('#judge-panel').hidden = true;
  replaceChildren($('#judge-host'));
}

$('#judge-close').addEventListener('click', closeJudge);
$('#judge-sign').addEventListener('click', async () => {
  if (!judging) return;
  const form = $('#judge-host form');
  clearErrors(form);
  const data = collectJudgement(form, judging, LIST[judging.code]);
  const btn = $('#judge-sign');
  btn.disabled = true;
  try {
    await signedPost(`/api/cases/${encodeURIComponent(caseId)}/instruments/${judging.code}/result`, { data });
    showNotice($('#notice'), 'asesmen.judge.signed', { form: judging.form }, 'ok');
    closeJudge();
    inst = await api('GET', `/api/cases/${encodeURIComponent(caseId)}/instruments`);
    renderList();
    $('#notice').focus();
  } catch (err) {
    if (err instanceof SignCancelled) showFormError(form, t('case.sign.cancelled'));
    else if (!err.redirecting) {
      const slot = err.field && form.querySelector(`[data-error-for="${CSS.escape(err.field)}"]`);
      if (slot) {
        slot.textContent = err.message;
        slot.scrollIntoView({ block: 'center' });
      } else showFormError(form, err.message);
    }
  } finally {
    btn.disabled = false;
  }
});

$('#complete').addEventListener('click', async () => {
  const btn = $('#complete');
  btn.disabled = true;
  try {
    await api('POST', `/api/cases/${encodeURIComponent(caseId)}/events/instruments_complete`, {});
    location.assign(`/permohonan?id=${encodeURIComponent(caseId)}`);
  } catch (err) {
    if (!err.redirecting) showMessage($('#page-error'), err.message);
    btn.disabled = false;
  }
});

/* ---------- start ---------- */

async function main() {
  if (!caseId || !/^\d+$/.test(caseId)) {
    showPageMessage(t('asesmen.noCase'));
    return;
  }
  try {
    await load();
  } catch (err) {
    if (!err.redirecting) showPageMessage(err.message);
    return;
  }
  $('#page-body').hidden = false;
  renderAll();
  onLangChange(() => {
    renderAll();
    if (sheet) {
      $('#sheet-title').textContent = title(inst.instruments.find((x) => x.code === sheet.code));
      showSheetState(sheet.state());
    }
  });
  markReady();
  // An asesi who reloads in the middle of a sheet lands back in it.
  const open = isOwner() && kase.state === 'ASSESSING' && (inst.instruments || []).find((it) => it.sheet && it.sheet.status !== 'final');
  if (open) await openSheet(open.code);
}

await main();
