// Public scheme catalogue (/skema): the list of open certification schemes with fee and BNSP
// approvals for remote and paperless assessment, and (/skema?id=N) one scheme's units, elements,
// performance criteria (KUK) and basic requirements, with the way to apply.

import { $, h, replaceChildren } from '../dom.js';
import { onLangChange, t } from '../i18n.js';
import { initPage, markReady, showMessage } from '../layout.js';
import { approvalText, fmtBytes, fmtFee, fmtTypes, skemaDetail, skemaList } from '../certification.js';

const { can, account } = await initPage();
const id = new URLSearchParams(location.search).get('id');

let list = [];
let detail = null;

function typeText(s) {
  const base = s.type ? t(`skema.type.${s.type}`) : t('common.dash');
  return s.kkni_level ? `${base} · ${t('skema.kkniLevel', { n: s.kkni_level })}` : base;
}

function fact(labelKey, ...value) {
  return h('div', {}, h('dt', {}, t(labelKey)), h('dd', {}, ...value));
}

function approvalBadge(a) {
  return h('span', { class: a && a.approved ? 'badge badge-ok' : 'badge badge-muted' }, approvalText(a));
}

/** How to apply for scheme s: the application page for an asesi, sign-in for a visitor. */
function applyActions(s) {
  const next = `/sertifikasi?skema=${encodeURIComponent(s.id)}`;
  if (can('cert.apl01.submit')) {
    return h('a', { class: 'btn btn-primary', href: next, dataset: { apply: String(s.id) } }, t('skema.apply'));
  }
  if (!account) {
    return [
      h('a', { class: 'btn btn-primary', href: `/masuk?next=${encodeURIComponent(next)}`, dataset: { apply: String(s.id) } }, t('skema.applyGuest')),
      h('a', { class: 'btn btn-secondary', href: '/daftar' }, t('skema.registerFirst')),
    ];
  }
  return null;
}

function renderList() {
  const ul = $('#skema-list');
  ul.removeAttribute('aria-busy');
  if (!list.length) {
    replaceChildren(ul, h('li', { class: 'muted' }, t('skema.empty')));
    return;
  }
  replaceChildren(
    ul,
    list.map((s) => {
      const tid = `skema-${s.id}-title`;
      return h(
        'li',
        { class: 'card skema-card', dataset: { skema: String(s.id) } },
        h('article', { 'aria-labelledby': tid },
          h('p', { class: 'skema-code' }, s.code || ''),
          h('h2', { id: tid, class: 'h3' }, s.title || ''),
          h(
            'dl',
            { class: 'facts skema-facts' },
            fact('skema.number', h('span', { class: 'break' }, s.number || '')),
            fact('skema.type', typeText(s)),
            fact('skema.fee', h('span', { dataset: { fee: String(s.fee_idr ?? '') } }, fmtFee(s.fee_idr))),
            fact('skema.remote', approvalBadge(s.remote)),
            fact('skema.paperless', approvalBadge(s.paperless)),
          ),
          h(
            'p',
            { class: 'button-row' },
            h('a', { class: 'btn btn-secondary', href: `/skema?id=${encodeURIComponent(s.id)}`, 'aria-label': t('skema.detailsLabel', { title: s.title || '' }), dataset: { details: String(s.id) } }, t('skema.details')),
            applyActions(s),
          ),
        ),
      );
    }),
  );
}

function renderUnits(units) {
  return h(
    'ol',
    { class: 'unit-list' },
    units.map((u, i) =>
      h(
        'li',
        { class: 'unit', dataset: { unit: u.code || '' } },
        h(
          'details',
          { open: i === 0 ? '' : null },
          h('summary', {}, h('span', { class: 'unit-code' }, u.code || ''), ' ', h('span', { class: 'unit-title' }, u.title || '')),
          h(
            'ol',
            { class: 'element-list' },
            (u.elements || []).map((el, k) =>
              h(
                'li',
                { class: 'element', dataset: { element: String(k + 1) } },
                h('p', { class: 'element-title' }, t('skema.element', { n: k + 1, title: el.title || '' })),
                Array.isArray(el.kuk) && el.kuk.length
                  ? h(
                      'div',
                      { class: 'kuk' },
                      h('p', { class: 'kuk-head' }, t('skema.kuk')),
                      h(
                        'ul',
                        { class: 'kuk-list' },
                        el.kuk.map((x, j) =>
                          h('li', { dataset: { kuk: `${k + 1}.${j + 1}` } }, h('span', { class: 'kuk-no' }, `${k + 1}.${j + 1}`), ' ', typeof x === 'string' ? x : x.text || x.title || ''),
                        ),
                      ),
                    )
                  : null,
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

function renderRequirements(reqs) {
  return h(
    'ol',
    { class: 'req-list' },
    reqs.map((r, i) =>
      h(
        'li',
        { class: 'req', dataset: { requirement: r.ref ? String(r.ref) : String(i + 1) } },
        h('p', { class: 'req-text' }, r.ref ? h('span', { class: 'req-ref' }, r.ref) : null, r.ref ? ' ' : null, r.text || ''),
        r.evidence ? h('p', { class: 'hint' }, t('skema.req.evidence', { text: r.evidence })) : null,
        h(
          'p',
          { class: 'req-meta' },
          r.applies_to ? h('span', { class: 'badge badge-muted' }, t(`skema.req.applies.${r.applies_to}`)) : null,
          ' ',
          h('span', { class: 'hint' }, t('skema.req.files', { types: fmtTypes(r.types), size: fmtBytes(r.max_bytes || 2097152) })),
        ),
      ),
    ),
  );
}

function renderDetail() {
  const s = detail;
  document.title = `${s.title} — ujikom`;
  const units = s.units || [];
  const reqs = s.requirements || [];
  const article = $('#skema-detail');
  article.setAttribute('aria-labelledby', 'skema-title');
  replaceChildren(
    article,
    h('p', { class: 'skema-code' }, s.code || ''),
    h('h1', { id: 'skema-title' }, s.title || ''),
    h(
      'section',
      { class: 'card' },
      h(
        'dl',
        { class: 'facts skema-facts' },
        fact('skema.number', h('span', { class: 'break' }, s.number || '')),
        fact('skema.type', typeText(s)),
        fact('skema.fee', fmtFee(s.fee_idr)),
        fact('skema.remote', approvalBadge(s.remote), s.remote && s.remote.approval_date ? h('span', { class: 'muted' }, ` ${s.remote.approval_date}`) : null),
        fact('skema.paperless', approvalBadge(s.paperless)),
        s.validity_months ? fact('skema.validity', t('skema.validityMonths', { n: s.validity_months })) : null,
      ),
      h('p', { class: 'button-row' }, applyActions(s)),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'units-title' },
      h('h2', { id: 'units-title' }, t('skema.units')),
      h('p', { class: 'muted' }, t('skema.unitCount', { n: units.length })),
      renderUnits(units),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'reqs-title' },
      h('h2', { id: 'reqs-title' }, t('skema.requirements')),
      renderRequirements(reqs),
    ),
  );
}

async function main() {
  if (id) {
    $('#list-view').hidden = true;
    $('#detail-view').hidden = false;
    try {
      detail = await skemaDetail(id);
      if (detail && detail.id === undefined) detail.id = Number(id);
      renderDetail();
    } catch (err) {
      if (!err.redirecting) showMessage($('#detail-error'), err.status === 404 ? t('skema.notFound') : err.message);
    }
  } else {
    try {
      list = (await skemaList()).filter((s) => s.active !== false);
      renderList();
    } catch (err) {
      if (!err.redirecting) showMessage($('#list-error'), err.message);
    }
  }
  markReady();
}

onLangChange(() => {
  if (detail) renderDetail();
  else if (!id) renderList();
});

await main();
