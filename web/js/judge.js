// The assessor's judgement of one instrument (FR.IA.01-FR.IA.10) on the assessment page: per item
// K/BK (Ya/Tidak for a checklist line), a summary of the asesi's answer where the instrument has
// one (oral questions, interview), a note, V/A/T/M for portfolio documents; then feedback, the
// instrument's recommendation and the signature. IA.05 shows the asesi's answers against the key
// and the score computed by the server; IA.06 the asesi's essay beside the model answer. The form
// collects {butir, umpan_balik, rekomendasi, ttd_asesor} as the server expects it.

import { h } from './dom.js';
import { t } from './i18n.js';

/** The text that names item i of an instrument for the assessor. */
function itemText(code, item, kukText) {
  switch (code) {
    case 'ia01':
      return kukText(item) || `${item.unit} ${item.element}.${item.kuk}`;
    case 'ia02':
      return item.scenario;
    case 'ia04':
      return item.title;
    case 'ia08':
      return item.document;
    default:
      return item.question || '';
  }
}

function expected(code, item) {
  if (code === 'ia06') return item.model_answer;
  return item.expected_answer || item.key_points || item.benchmark || null;
}

function radios(name, value, labels, disabled) {
  return h(
    'div',
    { class: 'fr-choices fr-choices-inline' },
    ['K', 'BK'].map((v, k) => {
      const id = `${name}-${v}`;
      return h(
        'div',
        { class: 'fr-choice' },
        h('input', { type: 'radio', id, name, value: v, checked: value === v, disabled, required: true }),
        h('label', { for: id }, labels[k]),
      );
    }),
  );
}

function errorSlot(name) {
  return h('p', { class: 'field-error', dataset: { errorFor: name }, 'aria-live': 'polite' });
}

/**
 * Builds the judgement form of instrument `it` (from GET .../instruments, staff view).
 * listName: the content list; summary: needs a summary per item; kukText(item) gives the KUK text
 * of an IA.01 line. prev: the signed data to start from (a new version), or null.
 */
export function judgeForm(it, { listName, summary, kukText, prev, disabled }) {
  const code = it.code;
  const items = (it.content && it.content[listName]) || [];
  const sheetAnswers = (it.sheet && it.sheet.answers) || [];
  const form = h('form', { class: 'judge-form fr', method: 'post', dataset: { code }, novalidate: true });
  const yes = code === 'ia01' ? [t('asesmen.judge.ya'), t('asesmen.judge.tidak')] : [t('asesmen.judge.k'), t('asesmen.judge.bk')];

  if (code === 'ia05') {
    const sc = it.score;
    if (sc) form.append(h('p', { class: 'notice notice-warn judge-score' }, t('asesmen.judge.score', { right: sc.benar, of: sc.jumlah, pct: sc.persen, pass: sc.batas_lulus })));
    form.append(
      h(
        'ol',
        { class: 'judge-ia05' },
        items.map((q, i) => {
          const a = sheetAnswers[i];
          const ok = a && a === q.key;
          return h(
            'li',
            { class: ok ? 'right' : 'wrong' },
            h('span', {}, q.question),
            ' ',
            h('strong', {}, t('asesmen.judge.answer', { a: a || '—', key: q.key })),
            ' ',
            h('span', { class: `badge ${ok ? 'badge-ok' : 'badge-warn'}` }, ok ? t('asesmen.judge.right') : t('asesmen.judge.wrong')),
          );
        }),
      ),
    );
  } else {
    items.forEach((item, i) => {
      const p = (prev && prev.butir && prev.butir[i]) || {};
      const name = `butir-${code}-${i}`;
      const rows = [h('p', { class: 'judge-item-text' }, `${i + 1}. ${itemText(code, item, kukText)}`)];
      if (code === 'ia06') rows.push(h('blockquote', { class: 'judge-answer' }, sheetAnswers[i] || t('asesmen.judge.noAnswer')));
      const exp = expected(code, item);
      if (exp) rows.push(h('p', { class: 'hint' }, t('asesmen.judge.expected', { text: exp })));
      if (summary) {
        const sid = `${name}-ringkasan`;
        const area = h('textarea', { id: sid, name: `butir[${i}].ringkasan`, rows: 2, maxlength: 4000, required: true, disabled });
        area.value = p.ringkasan || '';
        rows.push(h('label', { for: sid }, t('asesmen.judge.summary')), area, errorSlot(`data.butir[${i}].ringkasan`));
      }
      rows.push(radios(name, p.hasil, yes, disabled), errorSlot(`data.butir[${i}].hasil`));
      if (code === 'ia08') {
        rows.push(
          h(
            'div',
            { class: 'fr-choices fr-choices-inline' },
            ['V', 'A', 'T', 'M'].map((v) =>
              h(
                'div',
                { class: 'fr-choice' },
                h('input', { type: 'checkbox', id: `${name}-${v}`, name: `${name}-vatm`, value: v, checked: (p.vatm || []).includes(v), disabled }),
                h('label', { for: `${name}-${v}` }, t(`asesmen.judge.vatm.${v}`)),
              ),
            ),
          ),
        );
      }
      const nid = `${name}-catatan`;
      const note = h('input', { id: nid, type: 'text', name: `butir[${i}].catatan`, maxlength: 2000, disabled });
      note.value = p.catatan || '';
      rows.push(h('label', { for: nid, class: 'judge-note-label' }, t('asesmen.judge.note')), note);
      form.append(h('fieldset', { class: 'fr-fieldset judge-item', dataset: { item: String(i) } }, h('legend', { class: 'visually-hidden' }, `${i + 1}`), ...rows));
    });
  }
  const fid = `fb-${code}`;
  const fb = h('textarea', { id: fid, name: 'umpan_balik', rows: 3, maxlength: 4000, disabled });
  fb.value = (prev && prev.umpan_balik) || '';
  form.append(
    h('div', { class: 'field' }, h('label', { for: fid }, t('asesmen.judge.feedback')), fb),
    h(
      'fieldset',
      { class: 'fr-fieldset' },
      h('legend', {}, t('asesmen.judge.recommendation')),
      radios(`rek-${code}`, prev && prev.rekomendasi, [t('asesmen.judge.k'), t('asesmen.judge.bk')], disabled),
      errorSlot('data.rekomendasi'),
    ),
    h('div', { class: 'form-error', role: 'alert', dataset: { formError: '' } }),
  );
  return form;
}

/** The judgement data of a form built by judgeForm. */
export function collectJudgement(form, it, listName) {
  const code = it.code;
  const data = { ttd_asesor: true };
  const rek = form.querySelector(`input[name="rek-${code}"]:checked`);
  if (rek) data.rekomendasi = rek.value;
  const fb = form.querySelector('[name="umpan_balik"]').value.trim();
  if (fb) data.umpan_balik = fb;
  if (code !== 'ia05') {
    const n = ((it.content && it.content[listName]) || []).length;
    data.butir = [];
    for (let i = 0; i < n; i++) {
      const name = `butir-${code}-${i}`;
      const row = {};
      const v = form.querySelector(`input[name="${name}"]:checked`);
      if (v) row.hasil = v.value;
      const s = form.querySelector(`[name="butir[${i}].ringkasan"]`);
      if (s && s.value.trim()) row.ringkasan = s.value.trim();
      const c = form.querySelector(`[name="butir[${i}].catatan"]`);
      if (c && c.value.trim()) row.catatan = c.value.trim();
      const vatm = [...form.querySelectorAll(`input[name="${name}-vatm"]:checked`)].map((x) => x.value);
      if (vatm.length) row.vatm = vatm;
      data.butir.push(row);
    }
  }
  return data;
}
