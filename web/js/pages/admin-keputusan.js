// The committee's and the certificate desk's queues (/admin/keputusan): cases waiting for the
// technical committee's decision (PROCESS_REVIEWED, cert.decision.make) and cases decided
// competent waiting for BNSP's certificate numbers (DECIDED_K, cert.certificate.record), each
// linking to the case page where the step is taken. The case list carries ids only: the scheme's
// title comes from the public catalogue, the asesi's name only for accounts.account.read holders.

import { api } from '../api.js';
import { $, $$, h, replaceChildren } from '../dom.js';
import { fmtDate, has, onLangChange, t } from '../i18n.js';
import { hideNotice, initPage, markReady, showMessage } from '../layout.js';
import { accountName, skemaList } from '../certification.js';

const { can } = await initPage();
const readNames = can('accounts.account.read');
const pageError = $('#page-error');
let schemes = [];

const queues = $$('section.queue')
  .filter((el) => can(el.dataset.needs))
  .map((el) => ({ el, state: el.dataset.state, page: 1, total: 0, pageSize: 50, cases: [], names: new Map() }));

function cell(labelKey, ...content) {
  return h('td', { 'data-label': t(labelKey), class: labelKey === 'common.actions' ? 'cell-actions' : null }, ...content);
}

function info(q, c) {
  if (q.state === 'PROCESS_REVIEWED') {
    return c.recommendation
      ? h('span', { class: 'badge badge-stage', dataset: { recommendation: c.recommendation } }, t('keputusan.recommendation', { result: has(`outcome.result.${c.recommendation}`) ? t(`outcome.result.${c.recommendation}`) : c.recommendation }))
      : h('span', { class: 'muted' }, t('keputusan.recommendationOnCase'));
  }
  return t('keputusan.decidedSince', { date: fmtDate(c.state_since) });
}

function render(q) {
  const tbody = $('tbody', q.el);
  $('.queue-total', q.el).textContent = t('verify.total', { total: q.total });
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
          cell('verify.col.case', `#${c.id}`, c.parent_case_id ? h('span', { class: 'muted' }, ` ${t('keputusan.reassessment', { id: c.parent_case_id })}`) : null),
          cell('verify.col.asesi', c.asesi_name || q.names.get(c.asesi_id) || t('keputusan.asesiNumber', { id: c.asesi_id })),
          cell('verify.col.scheme', s ? s.title : `#${c.skema_id}`, s && s.number ? h('span', { class: 'muted case-number' }, ` ${s.number}`) : null),
          cell('keputusan.col.info', info(q, c)),
          cell('verify.col.due', c.due_at ? fmtDate(c.due_at) : t('common.dash')),
          cell(
            'common.actions',
            h(
              'a',
              { class: 'btn btn-small btn-primary', href: `/permohonan?id=${encodeURIComponent(c.id)}`, 'aria-label': t('verify.openLabel', { id: c.id }), dataset: { open: String(c.id) } },
              t(q.state === 'PROCESS_REVIEWED' ? 'keputusan.openDecide' : 'keputusan.openCertify'),
            ),
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
  q.el.hidden = false;
  for (const b of $$('[data-pager]', q.el)) {
    b.addEventListener('click', () => {
      q.page = Math.max(1, q.page + (b.dataset.pager === 'next' ? 1 : -1));
      load(q).catch((err) => showMessage(pageError, err.message));
    });
  }
}
$('#refresh').addEventListener('click', loadAll);
onLangChange(() => queues.forEach(render));

await loadAll();
markReady();
