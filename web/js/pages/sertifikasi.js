// My certification (/sertifikasi, asesi): my applications with their current stage, and a new
// application: choose a scheme (its fee and whether BNSP approved remote assessment are shown)
// and the purpose, POST /api/cases, then continue on the case page. ?skema=N preselects a scheme
// (the catalogue's "apply" link).

import { api } from '../api.js';
import { $, h, replaceChildren } from '../dom.js';
import { bindForm } from '../forms.js';
import { fmtDate, onLangChange, t } from '../i18n.js';
import { initPage, markReady, showMessage } from '../layout.js';
import { fmtFee, skemaList, stageName } from '../certification.js';

await initPage();

const wanted = new URLSearchParams(location.search).get('skema');
let schemes = [];
let cases = [];

function cell(labelKey, ...content) {
  const cls = labelKey === 'common.actions' ? 'cell-actions' : null;
  return h('td', { 'data-label': t(labelKey), class: cls }, ...content);
}

function schemeOf(id) {
  return schemes.find((s) => String(s.id) === String(id));
}

function renderCases() {
  const tbody = $('#cases tbody');
  if (!cases.length) {
    replaceChildren(tbody, h('tr', {}, h('td', { colspan: '5' }, t('mycases.empty'))));
    return;
  }
  replaceChildren(
    tbody,
    cases.map((c) => {
      const s = schemeOf(c.skema_id);
      return h(
        'tr',
        { dataset: { case: String(c.id), state: c.state } },
        cell('mycases.col.case', `#${c.id}`),
        cell('mycases.col.scheme', s ? s.title : `#${c.skema_id}`),
        cell('mycases.col.stage', h('span', { class: 'badge badge-stage', dataset: { stage: c.state } }, stageName(c.state))),
        cell('mycases.col.since', fmtDate(c.state_since)),
        cell(
          'common.actions',
          h('a', { class: 'btn btn-small btn-secondary', href: `/permohonan?id=${encodeURIComponent(c.id)}`, 'aria-label': t('mycases.openLabel', { id: c.id }), dataset: { open: String(c.id) } }, t('mycases.open')),
        ),
      );
    }),
  );
}

function renderSchemes() {
  const box = $('#skema-choices');
  const chosen = $('input[name=skema_id]:checked', box);
  const keep = chosen ? chosen.value : wanted;
  if (!schemes.length) {
    replaceChildren(box, h('p', { class: 'muted' }, t('mycases.noSchemes')));
    return;
  }
  replaceChildren(
    box,
    schemes.map((s) => {
      const id = `skema-${s.id}`;
      const remote = s.remote && s.remote.approved;
      return h(
        'div',
        { class: 'skema-choice', dataset: { skema: String(s.id) } },
        h('input', { type: 'radio', id, name: 'skema_id', value: String(s.id), checked: String(s.id) === String(keep) || schemes.length === 1, 'aria-describedby': `${id}-info skema_id-error` }),
        h(
          'label',
          { for: id },
          h('span', { class: 'skema-choice-title' }, s.title || ''),
          h('span', { class: 'skema-choice-number' }, s.number || ''),
        ),
        h(
          'p',
          { class: 'skema-choice-info', id: `${id}-info` },
          h('span', { class: 'skema-fee', dataset: { fee: String(s.fee_idr ?? '') } }, t('mycases.fee', { fee: fmtFee(s.fee_idr) })),
          h('span', { class: remote ? 'badge badge-ok' : 'badge badge-warn', dataset: { remote: remote ? 'yes' : 'no' } }, t(remote ? 'mycases.remoteOk' : 'mycases.remoteNo')),
          h('a', { href: `/skema?id=${encodeURIComponent(s.id)}` }, t('mycases.catalogue')),
        ),
      );
    }),
  );
}

async function load() {
  try {
    const [list, res] = await Promise.all([skemaList(), api('GET', '/api/cases')]);
    schemes = list.filter((s) => s.active !== false);
    cases = (res && res.cases) || [];
    renderCases();
    renderSchemes();
    if (wanted && schemeOf(wanted)) {
      const radio = $(`#skema-${CSS.escape(wanted)}`);
      if (radio) {
        $('#new-section').scrollIntoView({ block: 'start' });
        radio.focus({ preventScroll: true });
      }
    }
  } catch (err) {
    if (!err.redirecting) showMessage($('#list-error'), err.message);
  }
}

bindForm($('#new-form'), {
  validate: (v) => (v.skema_id ? [] : [{ field: 'skema_id', message: t('mycases.pickScheme') }]),
  onSubmit: async (v) => {
    const c = await api('POST', '/api/cases', { skema_id: Number(v.skema_id), purpose: v.purpose || 'sertifikasi' });
    location.assign(`/permohonan?id=${encodeURIComponent(c.id)}`);
    await new Promise(() => {}); // keep the form busy while the browser leaves
  },
});

onLangChange(() => {
  renderCases();
  renderSchemes();
});

await load();
markReady();
