// The assessor's own work (/asesor): the cases of the schedules the assessor is assigned to
// (GET /api/cases?asesor=1), those waiting for one of the assessor's steps first, each linking to
// its case page and, while the assessment runs, to its assessment sheet.

import { api } from '../api.js';
import { $, h, replaceChildren } from '../dom.js';
import { fmtDate, onLangChange, t } from '../i18n.js';
import { hideNotice, initPage, markReady, showMessage } from '../layout.js';
import { stageName } from '../certification.js';

await initPage();
const pageError = $('#page-error');
/* stages where the next step is the assessor's (the transition table's CA_ASSIGNED_ASESOR rows) */
const MINE = new Set(['APL02_SUBMITTED', 'PRE_ASSESSED', 'PLANNED', 'CONSENTED', 'ASSESSING', 'INSTRUMENTS_DONE', 'FEEDBACK_DONE', 'REPORTED']);
let cases = [];

function cell(labelKey, ...content) {
  return h('td', { 'data-label': t(labelKey), class: labelKey === 'common.actions' ? 'cell-actions' : null }, ...content);
}

function render() {
  $('#total').textContent = t('verify.total', { total: cases.length });
  const tbody = $('#cases tbody');
  if (!cases.length) {
    replaceChildren(tbody, h('tr', {}, h('td', { colspan: '6' }, t('asesor.empty'))));
    return;
  }
  const sorted = cases.slice().sort((a, b) => Number(MINE.has(b.state)) - Number(MINE.has(a.state)) || (a.due_at || '').localeCompare(b.due_at || ''));
  replaceChildren(
    tbody,
    sorted.map((c) =>
      h(
        'tr',
        { dataset: { case: String(c.id), state: c.state } },
        cell('verify.col.case', `#${c.id}`),
        cell('verify.col.asesi', c.asesi_name || `#${c.asesi_id}`),
        cell('verify.col.scheme', c.skema_title || `#${c.skema_id}`),
        cell('asesor.col.stage', h('span', { class: `badge ${MINE.has(c.state) ? 'badge-warn' : 'badge-muted'}` }, stageName(c.state))),
        cell('verify.col.due', c.due_at ? fmtDate(c.due_at) : t('common.dash')),
        cell(
          'common.actions',
          h('a', { class: 'btn btn-small btn-primary', href: `/permohonan?id=${encodeURIComponent(c.id)}`, dataset: { open: String(c.id) } }, t('asesor.open')),
          ['CONSENTED', 'ASSESSING'].includes(c.state) ? h('a', { class: 'btn btn-small btn-secondary', href: `/asesmen?case=${encodeURIComponent(c.id)}`, dataset: { sheet: String(c.id) } }, t('asesor.sheet')) : null,
        ),
      ),
    ),
  );
}

async function load() {
  hideNotice(pageError);
  try {
    const res = await api('GET', '/api/cases?asesor=1');
    cases = (res && res.cases) || [];
    render();
  } catch (err) {
    if (!err.redirecting) showMessage(pageError, err.message);
  }
}

$('#refresh').addEventListener('click', load);
onLangChange(render);
await load();
markReady();
