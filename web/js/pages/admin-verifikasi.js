// APL.01 verification queue (/admin/verifikasi, cert.apl01.verify): the cases waiting for the
// verification of their basic requirements (APL01_SUBMITTED) and the accepted ones waiting for a
// schedule (APL01_ACCEPTED), newest first as the server lists them, with the stage's deadline;
// each links to the case page where accepting, asking for correction, rejecting and scheduling
// happen.

import { api } from '../api.js';
import { $, $$, h, replaceChildren } from '../dom.js';
import { fmtDate, onLangChange, t } from '../i18n.js';
import { hideNotice, initPage, markReady, showMessage } from '../layout.js';
import { accountName, skemaList } from '../certification.js';

const { can } = await initPage();
const readNames = can('accounts.account.read');
const pageError = $('#page-error');
let schemes = [];

const queues = $$('section.queue').map((el) => ({ el, state: el.dataset.state, page: 1, total: 0, pageSize: 50, cases: [], names: new Map() }));

function cell(labelKey, ...content) {
  const cls = labelKey === 'common.actions' ? 'cell-actions' : null;
  return h('td', { 'data-label': t(labelKey), class: cls }, ...content);
}

function render(q) {
  const tbody = $('tbody', q.el);
  setTotal(q);
  if (!q.cases.length) {
    replaceChildren(tbody, h('tr', {}, h('td', { colspan: '6' }, t('verify.empty'))));
  } else {
    replaceChildren(
      tbody,
      q.cases.map((c) => {
        const s = schemes.find((x) => String(x.id) === String(c.skema_id));
        return h(
          'tr',
          { dataset: { case: String(c.id) } },
          cell('verify.col.case', `#${c.id}`),
          cell('verify.col.asesi', q.names.get(c.asesi_id) || t('case.history.user', { id: c.asesi_id })),
          cell('verify.col.scheme', s ? s.title : `#${c.skema_id}`),
          cell('verify.col.since', fmtDate(c.state_since)),
          cell('verify.col.due', c.due_at ? fmtDate(c.due_at) : t('common.dash')),
          cell(
            'common.actions',
            h('a', { class: 'btn btn-small btn-primary', href: `/permohonan?id=${encodeURIComponent(c.id)}`, 'aria-label': t('verify.openLabel', { id: c.id }), dataset: { open: String(c.id) } }, t('verify.open')),
          ),
        );
      }),
    );
  }
  const pages = Math.max(1, Math.ceil(q.total / q.pageSize));
  const pager = $('.pager', q.el);
  pager.hidden = pages <= 1;
  $('.page-info', pager).textContent = t('common.pageOf', { page: q.page, pages });
  $('[data-pager=prev]', pager).disabled = q.page <= 1;
  $('[data-pager=next]', pager).disabled = q.page >= pages;
}

function setTotal(q) {
  $('.queue-total', q.el).textContent = t('verify.total', { total: q.total });
}

async function load(q) {
  const res = await api('GET', `/api/cases?state=${encodeURIComponent(q.state)}&page=${q.page}`);
  q.cases = (res && res.cases) || [];
  q.total = (res && res.total) || 0;
  q.pageSize = (res && res.page_size) || 50;
  const ids = [...new Set(q.cases.map((c) => c.asesi_id))];
  const names = await Promise.all(ids.map((id) => accountName(id, readNames)));
  ids.forEach((id, i) => names[i] && q.names.set(id, names[i]));
  render(q);
}

async function loadAll() {
  hideNotice(pageError);
  try {
    schemes = await skemaList().catch(() => []);
    await Promise.all(queues.map(load));
  } catch (err) {
    if (!err.redirecting) showMessage(pageError, err.message);
  }
}

for (const q of queues) {
  $('[data-pager=prev]', q.el).addEventListener('click', () => {
    q.page = Math.max(1, q.page - 1);
    load(q).catch((err) => showMessage(pageError, err.message));
  });
  $('[data-pager=next]', q.el).addEventListener('click', () => {
    q.page += 1;
    load(q).catch((err) => showMessage(pageError, err.message));
  });
}
$('#refresh').addEventListener('click', loadAll);
onLangChange(() => queues.forEach(render));

await loadAll();
markReady();
