// Appeal handling (/admin/banding; appeal.read, appeal.decide or appeal.manage): the list of
// appeals, overdue ones first (?overdue=1: only those), and one appeal (?id=N) with the steps the
// server allows this account now: form the team (1–7 holders of appeal.decide; the server refuses
// members, or a former of the team, involved in the case), start the review, uphold (follow-up: a
// re-assessment, which opens a linked case, or a changed decision with its result, SK number and
// berita acara) or reject, each with the reasons. Also the appellant's FR.AK.04, the history with
// the team's notes, the SOP progress and the linked case.

import { api } from '../api.js';
import { $, $$, h, replaceChildren } from '../dom.js';
import { bindForm, showFieldError, showFormError } from '../forms.js';
import { fetchDefinition, renderForm } from '../form-renderer.js';
import { fmtDate, has, onLangChange, setText, t } from '../i18n.js';
import { hideNotice, initPage, markReady, showMessage, showPageMessage } from '../layout.js';
import { accountName, caseContext, skemaDetail } from '../certification.js';

const { account, can } = await initPage();
const params = new URLSearchParams(location.search);
const readNames = can('accounts.account.read');
const OPEN = new Set(['FILED', 'TEAM_FORMED', 'IN_REVIEW']);
const TEAM_MAX = 7;
const CAUTION = new Set(['appeal_reject']);

const list = { page: 1, total: 0, pageSize: 50, rows: [], overdue: params.get('overdue') === '1' };
let appeal = null;
let skema = null;
let def = null;
let candidates = null; // [{id, name, email}] or null when accounts cannot be read
let openStep = null;
let lastDone = null;
const names = new Map();

const stateName = (s) => (has(`banding.state.${s}`) ? t(`banding.state.${s}`) : String(s || ''));
const eventName = (e) => (has(`banding.event.${e}`) ? t(`banding.event.${e}`) : String(e || ''));
const resultName = (r) => (has(`outcome.result.${r}`) ? t(`outcome.result.${r}`) : String(r || t('common.dash')));

function who(id) {
  if (account && id === account.id) return t('case.history.you');
  return names.get(id) || t('case.history.user', { id });
}

async function learnNames(ids) {
  const todo = [...new Set(ids)].filter((id) => id && !names.has(id));
  const found = await Promise.all(todo.map((id) => accountName(id, readNames)));
  todo.forEach((id, i) => found[i] && names.set(id, found[i]));
}

function fact(labelKey, ...value) {
  return h('div', {}, h('dt', {}, t(labelKey)), h('dd', {}, ...value));
}

function cell(labelKey, ...content) {
  return h('td', { 'data-label': t(labelKey), class: labelKey === 'common.actions' ? 'cell-actions' : null }, ...content);
}

/* ---------- list ---------- */

async function loadList() {
  const q = `/api/appeals?page=${list.page}${list.overdue ? '&overdue=1' : ''}`;
  const res = await api('GET', q);
  list.rows = (res && res.appeals) || [];
  list.total = (res && res.total) || 0;
  list.pageSize = (res && res.page_size) || 50;
  // overdue first, then open ones by their due date, then the decided ones (newest first)
  const rank = (a) => (a.overdue ? 0 : OPEN.has(a.state) ? 1 : 2);
  list.rows.sort((a, b) => rank(a) - rank(b) || (rank(a) < 2 ? Date.parse(a.due_at) - Date.parse(b.due_at) : b.id - a.id));
}

function renderList() {
  setText($('#page-title'), 'bandingAdmin.title');
  for (const [id, on] of [
    ['#filter-all', !list.overdue],
    ['#filter-overdue', list.overdue],
  ]) {
    const a = $(id);
    a.setAttribute('aria-current', on ? 'page' : 'false');
    a.classList.toggle('btn-primary', on);
    a.classList.toggle('btn-secondary', !on);
  }
  $('#total').textContent = t(list.overdue ? 'bandingAdmin.totalOverdue' : 'bandingAdmin.total', { total: list.total });
  const tbody = $('#appeals tbody');
  if (!list.rows.length) {
    replaceChildren(tbody, h('tr', {}, h('td', { colspan: '6' }, t(list.overdue ? 'bandingAdmin.emptyOverdue' : 'bandingAdmin.empty'))));
  } else {
    replaceChildren(
      tbody,
      list.rows.map((a) =>
        h(
          'tr',
          { dataset: { appeal: String(a.id), overdue: a.overdue ? '1' : '0' }, class: a.overdue ? 'row-overdue' : null },
          cell('banding.col.receipt', h('span', { class: 'break' }, a.receipt_number)),
          cell('banding.col.case', h('a', { href: `/permohonan?id=${encodeURIComponent(a.case_id)}` }, t('case.heading', { id: a.case_id }))),
          cell('banding.col.state', h('span', { class: 'badge badge-stage', dataset: { state: a.state } }, stateName(a.state)), a.overdue ? h('span', { class: 'badge badge-warn' }, t('banding.overdue')) : null),
          cell('banding.col.filed', fmtDate(a.filed_at)),
          cell(
            'banding.col.due',
            OPEN.has(a.state) ? fmtDate(a.due_at) : t('common.dash'),
            OPEN.has(a.state) && a.working_days_left !== null && a.working_days_left !== undefined
              ? h('span', { class: 'muted due-left' }, ` (${t(a.overdue ? 'banding.daysLate' : 'banding.days', { n: a.working_days_left })})`)
              : null,
          ),
          cell('common.actions', h('a', { class: 'btn btn-small btn-primary', href: `/admin/banding?id=${encodeURIComponent(a.id)}`, dataset: { open: String(a.id) }, 'aria-label': t('banding.openLabel', { receipt: a.receipt_number }) }, t('banding.open'))),
        ),
      ),
    );
  }
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const pager = $('#list-view .pager');
  pager.hidden = pages <= 1;
  $('.page-info', pager).textContent = t('common.pageOf', { page: list.page, pages });
  $('[data-pager=prev]', pager).disabled = list.page <= 1;
  $('[data-pager=next]', pager).disabled = list.page >= pages;
}

/* ---------- one appeal ---------- */

async function loadAppeal(id) {
  appeal = await api('GET', `/api/appeals/${encodeURIComponent(id)}`);
  if (appeal.case && (!skema || String(skema.id) !== String(appeal.case.skema_id))) {
    skema = await skemaDetail(appeal.case.skema_id).catch(() => null);
    if (skema && skema.id === undefined) skema.id = appeal.case.skema_id;
  }
  await learnNames([appeal.asesi_id, ...(appeal.team || []), ...(appeal.events || []).map((e) => e.actor_id)]);
}

function renderDetail() {
  const a = appeal;
  setText($('#page-title'), 'banding.heading', { receipt: a.receipt_number });
  document.title = `${t('banding.heading', { receipt: a.receipt_number })} — ${t('app.name')}`;
  const open = OPEN.has(a.state);
  const c = a.case || {};
  const team = a.team || [];
  replaceChildren(
    $('#appeal-facts'),
    fact('banding.receipt', h('strong', { class: 'break', id: 'receipt' }, a.receipt_number)),
    fact('banding.state', h('span', { class: 'badge badge-stage', id: 'appeal-state', dataset: { state: a.state } }, stateName(a.state)), a.overdue ? h('span', { class: 'badge badge-warn', id: 'overdue' }, ` ${t('banding.overdue')}`) : null),
    fact('bandingAdmin.appellant', who(a.asesi_id)),
    fact(
      'banding.case',
      h('a', { href: `/permohonan?id=${encodeURIComponent(a.case_id)}`, id: 'case-link' }, t('case.heading', { id: a.case_id })),
      skema ? h('span', { class: 'muted case-number' }, ` ${skema.title || ''}`) : null,
    ),
    c.decision ? fact('banding.appealedDecision', t('banding.decisionText', { result: resultName(c.decision), sk: c.sk_number || t('common.dash') })) : null,
    c.state ? fact('bandingAdmin.caseStage', has(`stage.${c.state}`) ? t(`stage.${c.state}`) : c.state) : null,
    fact('banding.filedAt', fmtDate(a.filed_at)),
    fact('banding.dueAt', fmtDate(a.due_at)),
    open ? fact('banding.daysLeft', h('span', { id: 'days-left' }, t(a.overdue ? 'banding.daysLate' : 'banding.days', { n: a.working_days_left ?? 0 }))) : null,
    fact('bandingAdmin.team', team.length ? h('ul', { class: 'team-list', id: 'team-list' }, team.map((id) => h('li', { dataset: { member: String(id) } }, who(id)))) : h('span', { class: 'muted', id: 'team-list' }, t('bandingAdmin.teamNone'))),
    a.decided_at ? fact('banding.decidedAt', fmtDate(a.decided_at)) : null,
  );
  const box = $('#appeal-outcome');
  if (a.state === 'UPHELD' || a.state === 'REJECTED') {
    replaceChildren(
      box,
      h(
        'div',
        { class: `notice ${a.state === 'UPHELD' ? 'notice-ok' : 'notice-warn'} appeal-verdict`, id: 'verdict', dataset: { state: a.state, outcome: a.outcome || '' } },
        h('p', { class: 'verdict-title' }, h('strong', {}, t(a.state === 'UPHELD' ? 'banding.verdictUpheld' : 'banding.verdictRejected'))),
        a.decision_note ? h('p', { class: 'pre-wrap' }, t('banding.verdictNote', { note: a.decision_note })) : null,
        a.outcome === 'reassessment' && a.outcome_case_id
          ? h('p', { id: 'outcome-follow' }, t('banding.followReassessment'), ' ', h('a', { href: `/permohonan?id=${encodeURIComponent(a.outcome_case_id)}`, id: 'outcome-case' }, t('case.heading', { id: a.outcome_case_id })))
          : null,
        a.outcome === 'decision_changed' ? h('p', { id: 'outcome-follow' }, t('bandingAdmin.followChanged', { result: resultName(c.decision) })) : null,
      ),
    );
  } else {
    replaceChildren(box);
  }
  renderSteps();
  renderHistory();
  renderSopProgress();
}

function renderHistory() {
  replaceChildren(
    $('#appeal-history'),
    (appeal.events || []).map((e) =>
      h(
        'li',
        { class: 'history-item', dataset: { event: e.event } },
        h('p', { class: 'history-head' }, h('strong', {}, eventName(e.event)), e.actor_id ? h('span', { class: 'muted' }, ` ${t('case.history.by', { name: who(e.actor_id) })}`) : null),
        h('p', { class: 'history-meta' }, h('time', { datetime: e.at }, fmtDate(e.at)), ' · ', `${e.from && e.from !== 'NEW' ? `${stateName(e.from)} → ` : ''}${stateName(e.to)}`),
        e.note ? h('p', { class: 'history-note pre-wrap' }, t('case.history.note', { note: e.note })) : null,
      ),
    ),
  );
}

function renderSopProgress() {
  const steps = appeal.sop_steps || [];
  replaceChildren(
    $('#sop-steps'),
    steps.map((s, i) =>
      h(
        'li',
        { class: `sop-step ${s.done ? 'sop-done' : 'sop-todo'}`, dataset: { code: s.code, status: s.done ? 'done' : 'todo' } },
        h('span', { class: 'sop-marker', 'aria-hidden': 'true' }, s.done ? '✓' : String(i + 1)),
        h('div', { class: 'sop-body' }, h('p', { class: 'sop-title' }, h('span', { class: 'sop-code' }, s.code), ' ', s.title, h('span', { class: 'visually-hidden' }, ` (${t(s.done ? 'banding.sop.done' : 'banding.sop.todo')})`))),
      ),
    ),
  );
}

async function renderForm04() {
  const host = $('#form-host');
  try {
    def = def || (await fetchDefinition('FR.AK.04'));
    renderForm(host, def, { context: caseContext(skema), data: appeal.form || {}, readOnly: true });
  } catch (err) {
    if (!err.redirecting) replaceChildren(host, h('p', { class: 'notice notice-error' }, err.message));
  }
}

/** Why this account has no step now. */
function noStepText() {
  const a = appeal;
  if (!OPEN.has(a.state)) return t('bandingAdmin.none.closed');
  if (a.state === 'FILED') return t(can('appeal.manage') ? 'bandingAdmin.none.generic' : 'bandingAdmin.none.waitTeam');
  return t('bandingAdmin.none.notMember');
}

function renderSteps() {
  const allowed = appeal.allowed || [];
  const none = $('#steps-none');
  const box = $('#step-buttons');
  if (!allowed.length) {
    none.textContent = noStepText();
    none.hidden = false;
    replaceChildren(box);
    return;
  }
  none.hidden = true;
  replaceChildren(
    box,
    allowed.map((ev) =>
      h(
        'button',
        {
          type: 'button',
          class: `btn ${CAUTION.has(ev) ? 'btn-danger-outline' : 'btn-primary'}`,
          dataset: { event: ev },
          'aria-controls': 'step-panel',
          'aria-expanded': openStep === ev ? 'true' : 'false',
          onclick: () => openPanel(ev),
        },
        t(`bandingAdmin.do.${ev}`),
      ),
    ),
  );
}

/* ---------- step panels ---------- */

function labelled(id, key, control, hintKey) {
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, t(key)),
    hintKey ? h('p', { class: 'hint', id: `${id}-hint` }, t(hintKey)) : null,
    control,
    h('p', { class: 'field-error', id: `${id}-error`, dataset: { errorFor: control.name }, 'aria-live': 'polite' }),
  );
}

function noteField(required, labelKey, hintKey) {
  const note = h('textarea', { id: 'step-note', name: 'note', rows: required ? 6 : 3, maxlength: 4000, required, 'aria-describedby': `${hintKey ? 'step-note-hint ' : ''}step-note-error` });
  return labelled('step-note', labelKey, note, hintKey);
}

function radios(name, legendKey, choices, checked, hintKey) {
  const id = `step-${name}`;
  return h(
    'fieldset',
    { class: 'field', id, 'aria-describedby': `${hintKey ? `${id}-hint ` : ''}${id}-error` },
    h('legend', {}, t(legendKey)),
    hintKey ? h('p', { class: 'hint', id: `${id}-hint` }, t(hintKey)) : null,
    h(
      'div',
      { class: 'checks' },
      choices.map(([value, labelKey]) =>
        h('div', { class: 'check' }, h('input', { type: 'radio', id: `${id}-${value}`, name, value, checked: value === checked, required: true }), h('label', { for: `${id}-${value}` }, t(labelKey))),
      ),
    ),
    h('p', { class: 'field-error', id: `${id}-error`, dataset: { errorFor: name }, 'aria-live': 'polite' }),
  );
}

async function loadCandidates() {
  if (candidates !== null) return candidates;
  // GET /api/appeals/:id/candidates: holders of appeal.decide, each marked when involved in the
  // case (the server refuses those); null when it cannot be read (ids are then typed by hand)
  const res = await api('GET', `/api/appeals/${encodeURIComponent(appeal.id)}/candidates`).catch((err) => {
    if (err.redirecting) throw err;
    return null;
  });
  if (!res) return null;
  candidates = (res.candidates || []).slice().sort((x, y) => String(x.name).localeCompare(String(y.name)));
  for (const c of candidates) names.set(c.id, c.name);
  return candidates;
}

async function teamFields() {
  const out = [];
  const list = await loadCandidates();
  if (list === null) {
    // without accounts.account.read the accounts cannot be listed: account numbers by hand
    out.push(h('p', { class: 'notice notice-warn', id: 'team-no-list' }, t('bandingAdmin.team.noList')));
    const input = h('input', { type: 'text', id: 'step-team-ids', name: 'team_ids', inputmode: 'numeric', autocomplete: 'off', required: true, 'aria-describedby': 'step-team-ids-hint step-team-ids-error' });
    out.push(labelled('step-team-ids', 'bandingAdmin.team.ids', input, 'bandingAdmin.team.ids.hint'));
    return out;
  }
  if (!list.length) {
    out.push(h('p', { class: 'notice notice-warn', id: 'team-none' }, t('bandingAdmin.team.empty')));
    return out;
  }
  out.push(
    h(
      'fieldset',
      { class: 'field', id: 'step-team', 'aria-describedby': 'step-team-hint step-team-error' },
      h('legend', {}, t('bandingAdmin.team.members')),
      h('p', { class: 'hint', id: 'step-team-hint' }, t('bandingAdmin.team.hint', { max: TEAM_MAX })),
      h(
        'div',
        { class: 'checks team-choices' },
        list.map((c) =>
          h(
            'div',
            { class: 'check' },
            h('input', { type: 'checkbox', id: `team-${c.id}`, name: 'team', value: String(c.id), disabled: !!c.involved, 'aria-describedby': c.involved ? `team-${c.id}-why` : null, dataset: { array: '' } }),
            h('label', { for: `team-${c.id}` }, c.name || c.email, c.involved ? h('span', { class: 'muted team-email', id: `team-${c.id}-why` }, ` ${t('bandingAdmin.team.involved')}`) : null),
          ),
        ),
      ),
      h('p', { class: 'field-error', id: 'step-team-error', dataset: { errorFor: 'team' }, 'aria-live': 'polite' }),
    ),
  );
  return out;
}

function upholdFields() {
  const current = appeal.case && appeal.case.decision;
  const other = current === 'K' ? 'BK' : 'K';
  const changed = h(
    'div',
    { class: 'outcome-changed', id: 'changed-fields', hidden: true },
    radios('result', 'bandingAdmin.result', [
      ['K', 'outcome.result.K'],
      ['BK', 'outcome.result.BK'],
    ], other),
    current ? h('p', { class: 'hint', id: 'result-current' }, t('bandingAdmin.resultCurrent', { result: resultName(current) })) : null,
    labelled('step-sk', 'decision.sk', h('input', { type: 'text', id: 'step-sk', name: 'sk_number', maxlength: 100, required: true, autocomplete: 'off', 'aria-describedby': 'step-sk-hint step-sk-error' }), 'bandingAdmin.sk.hint'),
    labelled('step-minutes', 'decision.minutes', h('textarea', { id: 'step-minutes', name: 'berita_acara', rows: 6, maxlength: 4000, required: true, 'aria-describedby': 'step-minutes-hint step-minutes-error' }), 'bandingAdmin.minutes.hint'),
  );
  const outcome = radios('outcome', 'bandingAdmin.outcome', [
    ['reassessment', 'bandingAdmin.outcome.reassessment'],
    ['decision_changed', 'bandingAdmin.outcome.decision_changed'],
  ], 'reassessment', 'bandingAdmin.outcome.hint');
  const sync = () => {
    const v = ($('input[name="outcome"]:checked', outcome) || {}).value;
    changed.hidden = v !== 'decision_changed';
    for (const el of $$('input, textarea', changed)) el.disabled = changed.hidden; // formValues and the required check skip disabled controls
  };
  outcome.addEventListener('change', sync);
  sync();
  return [outcome, changed];
}

function closePanel() {
  openStep = null;
  $('#step-panel').hidden = true;
  replaceChildren($('#step-host'));
  for (const b of $$('#step-buttons [data-event]')) b.setAttribute('aria-expanded', 'false');
}

const utf8 = new TextEncoder();

function validate(event, v) {
  const out = [];
  const len = (s) => utf8.encode(String(s || '').trim()).length;
  if (event === 'appeal_team_form') {
    const ids = v.team_ids !== undefined ? parseIds(v.team_ids) : (v.team || []).map(Number);
    if (v.team_ids !== undefined && ids === null) out.push({ field: 'team_ids', message: t('bandingAdmin.team.idsInvalid') });
    else if (!ids.length) out.push({ field: v.team_ids !== undefined ? 'team_ids' : 'team', message: t('bandingAdmin.team.pick') });
    else if (ids.length > TEAM_MAX) out.push({ field: v.team_ids !== undefined ? 'team_ids' : 'team', message: t('bandingAdmin.team.tooMany', { max: TEAM_MAX }) });
  }
  if (v.note !== undefined && len(v.note) > 4000) out.push({ field: 'note', message: t('decision.error.long', { max: 4000 }) });
  if (v.sk_number !== undefined && len(v.sk_number) > 100) out.push({ field: 'sk_number', message: t('decision.error.long', { max: 100 }) });
  if (v.berita_acara !== undefined && len(v.berita_acara) > 4000) out.push({ field: 'berita_acara', message: t('decision.error.long', { max: 4000 }) });
  return out;
}

/** "12, 15 17" → [12, 15, 17]; null when something else is typed. */
function parseIds(text) {
  const parts = String(text || '').split(/[\s,;]+/).filter(Boolean);
  if (parts.some((p) => !/^\d{1,12}$/.test(p))) return null;
  return [...new Set(parts.map(Number))];
}

async function submitStep(event, v, form) {
  const body = {};
  if (v.note && v.note.trim()) body.note = v.note.trim();
  if (event === 'appeal_team_form') body.team = v.team_ids !== undefined ? parseIds(v.team_ids) : (v.team || []).map(Number);
  if (event === 'appeal_uphold') {
    body.outcome = v.outcome;
    if (v.outcome === 'decision_changed') {
      body.result = v.result;
      body.sk_number = (v.sk_number || '').trim();
      body.berita_acara = (v.berita_acara || '').trim();
    }
  }
  try {
    await api('POST', `/api/appeals/${encodeURIComponent(appeal.id)}/events/${encodeURIComponent(event)}`, body);
  } catch (err) {
    // "team[2]": the member the server refused, shown at the member list with the member's name
    const m = err && err.field && /^team\[(\d+)\]$/.exec(err.field);
    if (m) {
      const id = body.team[Number(m[1])];
      const field = $('[name="team_ids"]', form) ? 'team_ids' : 'team';
      const el = showFieldError(form, field, t('bandingAdmin.team.refused', { name: names.get(id) || t('case.history.user', { id }), message: err.message }));
      const box = $(`#team-${id}`, form);
      if (box) box.setAttribute('aria-invalid', 'true');
      showFormError(form, t('common.error.fixFields'));
      if (el && typeof el.focus === 'function') (box || el).focus();
      return;
    }
    throw err; // bindForm shows it at its field or in the general area
  }
  closePanel();
  await loadAppeal(appeal.id);
  lastDone = appeal.state;
  renderDetail();
  renderForm04();
  showMessage($('#notice'), t('bandingAdmin.stepDone', { state: stateName(lastDone) }), 'ok');
  $('#notice').focus();
}

async function openPanel(event) {
  const panel = $('#step-panel');
  openStep = event;
  for (const b of $$('#step-buttons [data-event]')) b.setAttribute('aria-expanded', b.dataset.event === event ? 'true' : 'false');
  $('#step-title').textContent = t(`bandingAdmin.do.${event}`);
  const form = h(
    'form',
    { id: 'step-form', class: 'step-form', method: 'post', dataset: { event } },
    h('div', { class: 'form-error', role: 'alert', dataset: { formError: '' } }),
    h(
      'div',
      { class: 'form-actions button-row' },
      h('button', { type: 'submit', id: 'step-submit', class: `btn ${CAUTION.has(event) ? 'btn-danger-outline' : 'btn-primary'}` }, t(`bandingAdmin.do.${event}`)),
      h('button', { type: 'button', class: 'btn btn-secondary', onclick: closePanel }, t('common.cancel')),
    ),
  );
  replaceChildren($('#step-host'), h('p', { class: 'muted' }, t('common.loading')));
  panel.hidden = false;
  const fields = [];
  try {
    if (event === 'appeal_team_form') {
      fields.push(h('p', { class: 'hint' }, t('bandingAdmin.team.intro')), ...(await teamFields()), noteField(false, 'case.noteOptional'));
    } else if (event === 'appeal_review_start') {
      fields.push(h('p', {}, t('bandingAdmin.review.intro')), noteField(false, 'bandingAdmin.review.note', 'bandingAdmin.review.note.hint'));
    } else if (event === 'appeal_uphold') {
      fields.push(h('p', {}, t('bandingAdmin.uphold.intro')), noteField(true, 'bandingAdmin.reasons', 'bandingAdmin.reasons.hint'), ...upholdFields());
    } else if (event === 'appeal_reject') {
      fields.push(h('p', {}, t('bandingAdmin.reject.intro')), noteField(true, 'bandingAdmin.reasons', 'bandingAdmin.reasons.hint'));
    }
  } catch (err) {
    if (!err.redirecting) replaceChildren($('#step-host'), h('div', { class: 'notice notice-error', role: 'alert' }, err.message || t('common.error.generic')));
    return;
  }
  if (openStep !== event) return;
  form.firstChild.after(...fields);
  replaceChildren($('#step-host'), form);
  bindForm(form, { validate: (v) => validate(event, v), onSubmit: (v) => submitStep(event, v, form) });
  panel.scrollIntoView({ block: 'start' });
  panel.focus({ preventScroll: true });
}

/* ---------- start ---------- */

async function showList() {
  await loadList();
  $('#list-view').hidden = false;
  renderList();
  for (const b of $$('#list-view [data-pager]')) {
    b.addEventListener('click', async () => {
      list.page = Math.max(1, list.page + (b.dataset.pager === 'next' ? 1 : -1));
      try {
        await loadList();
        renderList();
      } catch (err) {
        if (!err.redirecting) showMessage($('#page-error'), err.message);
      }
    });
  }
}

async function showDetail(id) {
  await loadAppeal(id);
  $('#detail-view').hidden = false;
  $('#back-row').hidden = false;
  renderDetail();
  await renderForm04();
}

async function main() {
  const id = params.get('id');
  try {
    if (id && /^\d+$/.test(id)) await showDetail(id);
    else await showList();
  } catch (err) {
    if (!err.redirecting) showPageMessage(err.message);
    return;
  }
  $('#refresh').addEventListener('click', async () => {
    hideNotice($('#notice'));
    hideNotice($('#page-error'));
    try {
      if (appeal) {
        closePanel();
        await loadAppeal(appeal.id);
        renderDetail();
        await renderForm04();
      } else {
        await loadList();
        renderList();
      }
    } catch (err) {
      if (!err.redirecting) showMessage($('#page-error'), err.message);
    }
  });
  onLangChange(() => {
    if (appeal) {
      closePanel();
      renderDetail();
    } else renderList();
  });
  markReady();
}

await main();
