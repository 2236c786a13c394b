// The asesi's appeals (/banding, appeal.file): without parameters the list of my appeals;
// ?case=N files FR.AK.04 against the decision of my case N (the form drawn by the generic
// renderer from GET /api/forms/FR.AK.04 with the scheme's units; attachments chosen from the
// case's own evidence, as the server accepts only those; signing re-confirmed with the password
// when the login is older than 5 minutes); ?id=N follows one appeal: receipt number, stage, due
// date and working days left, overdue flag, the decision and its follow-up, the history and the
// appeal SOP with the steps already done (SE.007 A.IV.13: the appellant sees the SOP and the
// progress). The server judges the appeal window; its refusal is shown as it words it.

import { api } from '../api.js';
import { $, h, replaceChildren } from '../dom.js';
import { clearErrors, showFormError } from '../forms.js';
import { SignCancelled, signedPost } from '../sign.js';
import { collectForm, fetchDefinition, renderForm, showFormErrors } from '../form-renderer.js';
import { fmtDate, has, lang, onLangChange, setText, t } from '../i18n.js';
import { hideNotice, initPage, markReady, showMessage, showPageMessage } from '../layout.js';
import { caseContext, skemaDetail } from '../certification.js';

const { account } = await initPage();
const params = new URLSearchParams(location.search);
const DAY_MS = 24 * 60 * 60 * 1000;
const OPEN = new Set(['FILED', 'TEAM_FORMED', 'IN_REVIEW']);

let view = 'list'; // list | file | progress
let appeals = [];
let appeal = null; // GET /api/appeals/:id
let kase = null; // the case appealed (filing)
let skema = null;
let evidence = [];
let sop = null; // GET /api/appeals/sop
let fileDef = null;
let filedOpen = false;
let justFiled = false;

const stateName = (s) => (has(`banding.state.${s}`) ? t(`banding.state.${s}`) : String(s || ''));
const eventName = (e) => (has(`banding.event.${e}`) ? t(`banding.event.${e}`) : String(e || ''));
const resultName = (r) => (has(`outcome.result.${r}`) ? t(`outcome.result.${r}`) : String(r || t('common.dash')));

function fact(labelKey, ...value) {
  return h('div', {}, h('dt', {}, t(labelKey)), h('dd', {}, ...value));
}

function show(which) {
  view = which;
  $('#list-view').hidden = which !== 'list';
  $('#file-view').hidden = which !== 'file';
  $('#progress-view').hidden = which !== 'progress';
  $('#sop').hidden = which === 'list' || !sop;
  $('#back-row').hidden = which === 'list';
}

/* ---------- the SOP (markdown from the server, drawn as text) ---------- */

const plain = (s) => s.replace(/\*\*/g, '').replace(/`/g, '').trim();

/** The SOP's purpose and, per step code, its "- **Label:** text" lines. */
function parseSop(markdown) {
  const details = new Map();
  let purpose = '';
  let cur = null;
  for (const line of String(markdown || '').split('\n')) {
    const row = /^\|\s*Tujuan\s*\|\s*(.+?)\s*\|\s*$/.exec(line);
    if (row) purpose = plain(row[1]);
    const head = /^### (SOP-[A-Z]+-\d+)\b/.exec(line);
    if (head) {
      cur = [];
      details.set(head[1], cur);
      continue;
    }
    if (/^## /.test(line)) cur = null;
    const item = cur && /^- \*\*([^*]+?):?\*\*:?\s*(.*)$/.exec(line);
    if (item) cur.push({ label: plain(item[1]).replace(/:$/, ''), text: plain(item[2]) });
  }
  return { purpose, details };
}

function renderSop() {
  if (!sop) return;
  const { purpose, details } = parseSop(sop.markdown);
  const p = $('#sop-purpose');
  p.textContent = purpose ? t('banding.sop.purpose', { text: purpose }) : '';
  p.hidden = !purpose;
  const steps = appeal && appeal.sop_steps ? appeal.sop_steps : sop.steps || [];
  // a step before the first appeal step (the right to appeal explained) is done once an appeal exists
  const firstAppeal = steps.findIndex((s) => s.appeal_step);
  const decided = appeal && (appeal.state === 'UPHELD' || appeal.state === 'REJECTED');
  let current = null;
  const items = steps.map((s, i) => {
    let status = 'todo';
    if (appeal) {
      if (s.done || (!s.appeal_step && i < firstAppeal)) status = 'done';
      else if (decided && appeal.state === 'REJECTED' && (s.events || []).includes('appeal_uphold') && !(s.events || []).includes('appeal_reject')) status = 'na';
      else if (!current && !decided) {
        status = 'current';
        current = s.code;
      }
    }
    const lines = details.get(s.code) || [];
    return h(
      'li',
      { class: `sop-step sop-${status}`, dataset: { code: s.code, status }, 'aria-current': status === 'current' ? 'step' : null },
      h('span', { class: 'sop-marker', 'aria-hidden': 'true' }, status === 'done' ? '✓' : status === 'na' ? '–' : String(i + 1)),
      h(
        'div',
        { class: 'sop-body' },
        h('p', { class: 'sop-title' }, h('span', { class: 'sop-code' }, s.code), ' ', s.title, appeal ? h('span', { class: 'visually-hidden' }, ` (${t(`banding.sop.${status}`)})`) : null),
        status === 'na' ? h('p', { class: 'muted sop-na' }, t('banding.sop.na')) : null,
        lines.length
          ? h(
              'details',
              { class: 'sop-details' },
              h('summary', {}, t('banding.sop.details')),
              h(
                'dl',
                { class: 'facts' },
                lines.map((l) => h('div', {}, h('dt', {}, l.label), h('dd', {}, l.text))),
              ),
            )
          : null,
      ),
    );
  });
  replaceChildren($('#sop-steps'), items);
  // the SOP is the LSP's document in Bahasa Indonesia
  const old = $('#sop-lang-note');
  if (old) old.remove();
  if (lang() === 'en') $('#sop-steps').before(h('p', { class: 'hint', id: 'sop-lang-note' }, t('banding.sop.langNote')));
}

/* ---------- list ---------- */

async function loadList() {
  const res = await api('GET', '/api/appeals');
  appeals = (res && res.appeals) || [];
}

function cell(labelKey, ...content) {
  return h('td', { 'data-label': t(labelKey), class: labelKey === 'common.actions' ? 'cell-actions' : null }, ...content);
}

function renderList() {
  setText($('#page-title'), 'banding.title');
  const tbody = $('#appeals tbody');
  if (!appeals.length) {
    replaceChildren(tbody, h('tr', {}, h('td', { colspan: '6' }, t('banding.empty'))));
    return;
  }
  replaceChildren(
    tbody,
    appeals.map((a) =>
      h(
        'tr',
        { dataset: { appeal: String(a.id) } },
        cell('banding.col.receipt', h('span', { class: 'break' }, a.receipt_number)),
        cell('banding.col.case', h('a', { href: `/permohonan?id=${encodeURIComponent(a.case_id)}` }, t('case.heading', { id: a.case_id }))),
        cell('banding.col.state', h('span', { class: 'badge badge-stage', dataset: { state: a.state } }, stateName(a.state)), a.overdue ? h('span', { class: 'badge badge-warn' }, t('banding.overdue')) : null),
        cell('banding.col.filed', fmtDate(a.filed_at)),
        cell('banding.col.due', OPEN.has(a.state) ? fmtDate(a.due_at) : t('common.dash')),
        cell('common.actions', h('a', { class: 'btn btn-small btn-primary', href: `/banding?id=${encodeURIComponent(a.id)}`, dataset: { open: String(a.id) }, 'aria-label': t('banding.openLabel', { receipt: a.receipt_number }) }, t('banding.open'))),
      ),
    ),
  );
}

/* ---------- progress of one appeal ---------- */

function renderProgress() {
  const a = appeal;
  setText($('#page-title'), 'banding.heading', { receipt: a.receipt_number });
  document.title = `${t('banding.heading', { receipt: a.receipt_number })} — ${t('app.name')}`;
  const open = OPEN.has(a.state);
  const c = a.case || {};
  replaceChildren(
    $('#appeal-facts'),
    fact('banding.receipt', h('strong', { class: 'break', id: 'receipt' }, a.receipt_number)),
    fact('banding.state', h('span', { class: 'badge badge-stage', id: 'appeal-state', dataset: { state: a.state } }, stateName(a.state)), a.overdue ? h('span', { class: 'badge badge-warn', id: 'overdue' }, ` ${t('banding.overdue')}`) : null),
    fact('banding.case', h('a', { href: `/permohonan?id=${encodeURIComponent(a.case_id)}` }, t('case.heading', { id: a.case_id }))),
    c.decision ? fact('banding.appealedDecision', t('banding.decisionText', { result: resultName(c.decision), sk: c.sk_number || t('common.dash') })) : null,
    fact('banding.filedAt', fmtDate(a.filed_at)),
    fact('banding.dueAt', fmtDate(a.due_at)),
    open ? fact('banding.daysLeft', h('span', { id: 'days-left' }, t(a.overdue ? 'banding.daysLate' : 'banding.days', { n: a.working_days_left ?? 0 }))) : null,
    a.decided_at ? fact('banding.decidedAt', fmtDate(a.decided_at)) : null,
  );
  const box = $('#appeal-outcome');
  if (a.state === 'UPHELD' || a.state === 'REJECTED') {
    const follow =
      a.outcome === 'reassessment' && a.outcome_case_id
        ? h('p', { id: 'outcome-follow' }, t('banding.followReassessment'), ' ', h('a', { href: `/permohonan?id=${encodeURIComponent(a.outcome_case_id)}`, id: 'outcome-case' }, t('case.heading', { id: a.outcome_case_id })))
        : a.outcome === 'decision_changed'
          ? h('p', { id: 'outcome-follow' }, t('banding.followChanged'), ' ', h('a', { href: `/permohonan?id=${encodeURIComponent(a.case_id)}` }, t('case.heading', { id: a.case_id })))
          : null;
    replaceChildren(
      box,
      h(
        'div',
        { class: `notice ${a.state === 'UPHELD' ? 'notice-ok' : 'notice-warn'} appeal-verdict`, id: 'verdict', dataset: { state: a.state } },
        h('p', { class: 'verdict-title' }, h('strong', {}, t(a.state === 'UPHELD' ? 'banding.verdictUpheld' : 'banding.verdictRejected'))),
        a.decision_note ? h('p', { class: 'pre-wrap', id: 'verdict-note' }, t('banding.verdictNote', { note: a.decision_note })) : null,
        follow,
        h('p', { class: 'hint' }, t('banding.binding')),
      ),
    );
  } else {
    replaceChildren(box, h('p', { class: 'notice notice-ok', id: 'waiting' }, t(a.state === 'FILED' ? 'banding.waitTeam' : a.state === 'TEAM_FORMED' ? 'banding.waitReview' : 'banding.waitDecision', { date: fmtDate(a.due_at) })));
  }
  replaceChildren(
    $('#appeal-history'),
    (a.events || []).map((e) =>
      h(
        'li',
        { class: 'history-item', dataset: { event: e.event } },
        h('p', { class: 'history-head' }, h('strong', {}, eventName(e.event))),
        h('p', { class: 'history-meta' }, h('time', { datetime: e.at }, fmtDate(e.at)), ' · ', `${e.from && e.from !== 'NEW' ? `${stateName(e.from)} → ` : ''}${stateName(e.to)}`),
      ),
    ),
  );
  renderFiled();
}

async function renderFiled() {
  const host = $('#filed-host');
  const btn = $('#filed-toggle');
  btn.setAttribute('aria-expanded', filedOpen ? 'true' : 'false');
  setText(btn, filedOpen ? 'banding.filedHide' : 'banding.filedShow');
  host.hidden = !filedOpen;
  if (!filedOpen) return;
  try {
    const def = fileDef || (fileDef = await fetchDefinition('FR.AK.04'));
    if (!skema && appeal.case) skema = await skemaDetail(appeal.case.skema_id).catch(() => null);
    renderForm(host, def, { context: caseContext(skema), data: appeal.form || {}, readOnly: true });
  } catch (err) {
    if (!err.redirecting) replaceChildren(host, h('p', { class: 'notice notice-error' }, err.message));
  }
}

$('#filed-toggle').addEventListener('click', () => {
  filedOpen = !filedOpen;
  renderFiled();
});

async function loadAppeal(id) {
  appeal = await api('GET', `/api/appeals/${encodeURIComponent(id)}`);
}

$('#refresh').addEventListener('click', async () => {
  try {
    await loadAppeal(appeal.id);
    hideNotice($('#notice'));
    renderProgress();
    renderSop();
  } catch (err) {
    if (!err.redirecting) showMessage($('#page-error'), err.message);
  }
});

/* ---------- filing ---------- */

function appealCloses() {
  const at = kase.decision && kase.decision.decided_at_ms;
  const days = Number(skema && skema.appeal_days);
  return at && days > 0 ? at + days * DAY_MS : null;
}

function renderDecision() {
  const d = kase.decision;
  const closes = appealCloses();
  replaceChildren(
    $('#decision-facts'),
    fact('banding.case', h('a', { href: `/permohonan?id=${encodeURIComponent(kase.id)}` }, t('case.heading', { id: kase.id }))),
    fact('case.scheme', skema ? `${skema.title || ''} (${skema.number || ''})` : `#${kase.skema_id}`),
    fact('banding.appealedDecision', h('strong', { id: 'appealed-result', dataset: { result: d.result } }, resultName(d.result))),
    fact('outcome.sk', h('span', { class: 'break' }, d.sk_number || t('common.dash'))),
    fact('outcome.decidedAt', fmtDate(d.decided_at_ms)),
    closes ? fact('banding.windowCloses', fmtDate(closes)) : null,
  );
}

const MAX_BUKTI = 5;

function evidenceInfo(sha) {
  const ev = evidence.find((e) => e.sha256 === sha);
  return ev ? { name: ev.filename, url: `/api/cases/${encodeURIComponent(kase.id)}/evidence/${sha}` } : null;
}

/** The renderer cannot upload here (the case takes no new files after its APL stages): the
 *  attachments of FR.AK.04 are chosen from the case's evidence and put into the renderer's own
 *  file list, which collectForm() reads. */
function decorateBukti(form) {
  const field = $('.fr-file-field[data-path="bukti"]', form);
  if (!field) return;
  for (const p of [...field.querySelectorAll(':scope > p.hint')]) {
    if (!p.id) p.hidden = true; // "upload not available here": replaced by the chooser below
  }
  const old = $('.bukti-pick', field);
  if (old) old.remove();
  const list = $('[data-files="bukti"]', field);
  if (!evidence.length) {
    field.append(h('p', { class: 'hint bukti-pick' }, t('banding.bukti.none')));
    return;
  }
  const select = h(
    'select',
    { id: 'bukti-choose', 'aria-describedby': 'bukti-choose-hint' },
    evidence.map((e) => h('option', { value: e.sha256 }, e.filename)),
  );
  const add = () => {
    const sha = select.value;
    const items = [...list.querySelectorAll('li[data-sha]')];
    if (!sha || items.some((li) => li.dataset.sha === sha) || items.length >= MAX_BUKTI) return;
    const info = evidenceInfo(sha);
    const li = h(
      'li',
      { class: 'fr-file', dataset: { sha } },
      h('a', { href: info.url, target: '_blank', rel: 'noopener' }, info.name),
      h('button', { type: 'button', class: 'btn btn-small btn-danger-outline', 'aria-label': t('banding.bukti.removeLabel', { name: info.name }), onclick: () => li.remove() }, t('banding.bukti.remove')),
    );
    const empty = $('.fr-files-empty', list);
    if (empty) empty.remove();
    list.append(li);
  };
  field.append(
    h(
      'div',
      { class: 'bukti-pick' },
      h('label', { for: 'bukti-choose' }, t('banding.bukti.choose')),
      h('p', { class: 'hint', id: 'bukti-choose-hint' }, t('banding.bukti.hint', { max: MAX_BUKTI })),
      h('div', { class: 'inline-pick' }, select, h('button', { type: 'button', class: 'btn btn-secondary btn-small', id: 'bukti-add', onclick: add }, t('banding.bukti.add'))),
    ),
  );
}

function drawFileForm() {
  const form = $('#appeal-form');
  const d = kase.decision;
  const data = {
    keputusan_dibanding: t('banding.prefill', { result: resultName(d.result), sk: d.sk_number || '', date: fmtDate(d.decided_at_ms) }).slice(0, 500),
  };
  renderForm(form, fileDef, { context: caseContext(skema), data, role: 'asesi', fileInfo: evidenceInfo });
  decorateBukti(form);
}


/** POST /api/appeals; asks for the password again when the server wants the signature confirmed. */
async function postAppeal(body) {
  return signedPost('/api/appeals', body, { confirm: 'appeal_confirm_required', wrong: 'appeal_password_wrong' });
}

function bindFileForm() {
  const form = $('#appeal-form');
  form.noValidate = true;
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (form.getAttribute('aria-busy') === 'true') return;
    clearErrors(form);
    const submit = $('#appeal-submit');
    form.setAttribute('aria-busy', 'true');
    submit.disabled = true;
    try {
      const created = await postAppeal({ case_id: Number(kase.id), data: collectForm(form) });
      justFiled = true;
      history.replaceState(null, '', `/banding?id=${encodeURIComponent(created.id)}`);
      await openAppeal(created.id);
    } catch (err) {
      if (err instanceof SignCancelled) showFormError(form, t('banding.cancelled'));
      else showFormErrors(form, err);
    } finally {
      form.setAttribute('aria-busy', 'false');
      submit.disabled = false;
    }
  });
}

/* ---------- start ---------- */

async function openAppeal(id) {
  await loadAppeal(id);
  show('progress');
  $('#back').href = '/banding';
  setText($('#back'), 'banding.backList');
  renderProgress();
  renderSop();
  if (justFiled) {
    showMessage($('#notice'), t('banding.filed', { receipt: appeal.receipt_number, date: fmtDate(appeal.due_at) }), 'ok');
    $('#notice').focus();
  }
}

async function openFiling(caseId) {
  kase = await api('GET', `/api/cases/${encodeURIComponent(caseId)}`);
  if (kase.asesi_id !== account.id) {
    showPageMessage(t('banding.notYours'));
    return false;
  }
  skema = await skemaDetail(kase.skema_id);
  if (skema.id === undefined) skema.id = kase.skema_id;
  $('#back').href = `/permohonan?id=${encodeURIComponent(kase.id)}`;
  setText($('#back'), 'banding.backCase');
  $('#appeal-cancel').href = `/permohonan?id=${encodeURIComponent(kase.id)}`;
  setText($('#page-title'), 'banding.fileHeading', { id: kase.id });
  if (!kase.decision) {
    showPageMessage(t('banding.noDecision'));
    return false;
  }
  await loadList();
  const running = appeals.find((a) => String(a.case_id) === String(kase.id) && OPEN.has(a.state));
  if (running) {
    // one open appeal per case: follow it instead
    history.replaceState(null, '', `/banding?id=${encodeURIComponent(running.id)}`);
    await openAppeal(running.id);
    showMessage($('#notice'), t('banding.alreadyOpen'), 'warn');
    return true;
  }
  const [def, ev] = await Promise.all([fetchDefinition('FR.AK.04'), api('GET', `/api/cases/${encodeURIComponent(kase.id)}/evidence`).catch(() => null)]);
  fileDef = def;
  evidence = (ev && ev.evidence) || [];
  show('file');
  renderDecision();
  drawFileForm();
  bindFileForm();
  renderSop();
  return true;
}

async function main() {
  sop = await api('GET', '/api/appeals/sop').catch(() => null);
  const id = params.get('id');
  const caseId = params.get('case');
  try {
    if (id && /^\d+$/.test(id)) await openAppeal(id);
    else if (caseId && /^\d+$/.test(caseId)) {
      if (!(await openFiling(caseId))) return;
    } else {
      await loadList();
      show('list');
      renderList();
    }
  } catch (err) {
    if (!err.redirecting) showPageMessage(err.message);
    return;
  }
  onLangChange(() => {
    if (view === 'list') renderList();
    if (view === 'progress') renderProgress();
    if (view === 'file') {
      renderDecision();
      setText($('#page-title'), 'banding.fileHeading', { id: kase.id });
      decorateBukti($('#appeal-form')); // the renderer redrew the form in the new language
    }
    renderSop();
  });
  markReady();
}

await main();
