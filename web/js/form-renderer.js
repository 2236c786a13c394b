// The one generic renderer of case forms (FR.APL.01 ... FR.AK.07): draws any definition served by
// GET /api/forms/<code> — every field type, repeat groups bound to the case context
// (requirements, units -> elements, asesi of a batch), conditional fields and signatures — with no
// per-form code, collects the values back into the JSON shape the server validates, and shows
// server errors at the field the error's path names ("units[1].elements[0].kompeten").
//
// Usage:
//   const def = await fetchDefinition('FR.APL.02');
//   renderForm(formEl, def, { context, data, role: 'asesi', upload });
//   bindForm(formEl, { onSubmit: () => api('POST', url, collectForm(formEl)) });
// Errors thrown by api() reach forms.js showApiError, which finds the field by its path (the
// controls are named by path); showFormErrors(container, err) also maps paths that point into a
// list ("bukti[2]") or at a row's key to the nearest shown element.
//
// Strict CSP: elements are built with dom.js h() (text only, no innerHTML), no inline styles;
// layout lives in /css/forms.css.

import { api } from './api.js';
import { $, $$, h, replaceChildren } from './dom.js';
import { clearErrors, showApiError, showFieldError, showFormError } from './forms.js';
import { lang as currentLang, onLangChange, roleTitle, t } from './i18n.js';

// The renderer's own words (the labels of the forms come from the definitions).
const WORDS = {
  id: {
    filledBy: 'Diisi oleh',
    requiredMark: 'wajib',
    choose: '— Pilih —',
    noRows: 'Belum ada data untuk bagian ini.',
    noFiles: 'Belum ada berkas.',
    addFile: 'Tambah berkas',
    removeFile: 'Hapus',
    removeFileLabel: 'Hapus berkas {name}',
    uploading: 'Mengunggah {name}…',
    uploadFailed: 'Berkas {name} gagal diunggah: {message}',
    uploadUnavailable: 'Unggah berkas belum tersedia di halaman ini.',
    fileN: 'Berkas {n}',
    fileLimit: 'Paling banyak {max} berkas.',
    signed: 'Sudah ditandatangani',
    notSigned: 'Belum ditandatangani',
    signHint: 'Centang untuk menandatangani secara elektronik. Nama, waktu dan isi formulir dicatat.',
    empty: '—',
    maxChars: 'Paling banyak {max} karakter.',
    staffOnly: 'Hanya untuk personel LSP',
    yes: 'Ya',
    no: 'Tidak',
  },
  en: {
    filledBy: 'Filled in by',
    requiredMark: 'required',
    choose: '— Choose —',
    noRows: 'There is no data for this section yet.',
    noFiles: 'No files yet.',
    addFile: 'Add file',
    removeFile: 'Remove',
    removeFileLabel: 'Remove file {name}',
    uploading: 'Uploading {name}…',
    uploadFailed: 'File {name} could not be uploaded: {message}',
    uploadUnavailable: 'File upload is not available on this page yet.',
    fileN: 'File {n}',
    fileLimit: 'At most {max} files.',
    signed: 'Signed',
    notSigned: 'Not signed yet',
    signHint: 'Tick to sign electronically. Your name, the time and the form content are recorded.',
    empty: '—',
    maxChars: 'At most {max} characters.',
    staffOnly: 'LSP staff only',
    yes: 'Yes',
    no: 'No',
  },
};

/** GET /api/forms/<code>; view 'asesi' asks staff for the candidate's view. */
export function fetchDefinition(code, view) {
  const q = view ? `?view=${encodeURIComponent(view)}` : '';
  return api('GET', `/api/forms/${encodeURIComponent(code)}${q}`);
}

const states = new WeakMap(); // container -> {def, opts, lang, uid}
const live = new Set(); // containers that follow the language switch
let uidSeq = 0;

/* ---------- small helpers ---------- */

function pick(obj, base, l) {
  if (!obj) return '';
  return obj[`${base}_${l}`] || obj[`${base}_id`] || '';
}

function word(l, key, vars) {
  let s = (WORDS[l] || WORDS.id)[key] || key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  return s;
}

/** Fills "{member}" placeholders of a row-title template from a context row. */
function fillRow(template, row) {
  return String(template || '{title}').replace(/\{(\w+)\}/g, (m, k) => {
    let v = row ? row[k] : undefined;
    if ((v === undefined || v === null) && k === 'title') v = row && (row.text || row.name);
    return v === undefined || v === null ? '' : String(v);
  });
}

function rowId(field) {
  return field.row_id || (field.repeat === 'units' ? 'code' : 'key');
}

/** Rows of the context a repeat group (or a choices_from field) is bound to. */
function contextRows(kind, context, unitRow) {
  const rows = kind === 'elements' ? unitRow && unitRow.elements : context && context[kind];
  return Array.isArray(rows) ? rows : [];
}

function join(prefix, name) {
  return prefix ? `${prefix}.${name}` : name;
}

function choicesOf(field, st) {
  if (field.choices_from) {
    return contextRows(field.choices_from, st.opts.context).map((r) => {
      const id = String(r[field.choices_from === 'units' ? 'code' : 'key']);
      const title = r.title || r.name || '';
      return { value: id, label_id: title ? `${id} — ${title}` : id, label_en: title ? `${id} — ${title}` : id };
    });
  }
  return field.choices || [];
}

function isEmpty(v) {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/* ---------- rendering ---------- */

/**
 * Draws definition def into container (a <form> or any element), replacing its content.
 * opts: context (case rows), data (values already stored, all roles), role (the role filling
 * now: its parts are editable), readOnly (nothing editable), lang ('id'/'en'; default: the page's
 * language, following the switch), upload(File) -> Promise<{sha256, name}>, fileInfo(sha256) ->
 * {name, url} for showing stored references.
 */
export function renderForm(container, def, opts = {}) {
  const prev = states.get(container);
  const st = {
    def,
    opts: { context: {}, data: {}, ...opts },
    lang: opts.lang || currentLang(),
    uid: prev ? prev.uid : `fr${++uidSeq}`,
  };
  states.set(container, st);
  if (opts.lang) live.delete(container);
  else live.add(container);

  const l = st.lang;
  const root = h('div', { class: 'fr', dataset: { formCode: def.code || '' }, lang: l });
  const head = h(
    'header',
    { class: 'fr-head' },
    h('p', { class: 'fr-code' }, def.code || ''),
    h('h2', { class: 'fr-title' }, pick(def, 'title', l)),
    pick(def, 'note', l) ? h('p', { class: 'fr-note' }, pick(def, 'note', l)) : null,
  );
  root.append(head);
  const info = st.opts.context && st.opts.context.info;
  if (Array.isArray(info) && info.length) {
    root.append(
      h(
        'dl',
        { class: 'facts fr-info' },
        info.map((i) => h('div', {}, h('dt', {}, pick(i, 'label', l)), h('dd', {}, String(i.value ?? '')))),
      ),
    );
  }
  // the caller's own general error area and buttons (direct children) stay; the rest is redrawn
  const ownError = $(':scope > [data-form-error]', container);
  const actions = $$(':scope > .form-actions', container);
  if (!ownError) root.append(h('div', { class: 'form-error', role: 'alert', dataset: { formError: '' } }));
  for (const part of def.parts || []) root.append(renderPart(st, part));
  replaceChildren(container, ownError, root, ...actions);
  container.classList.add('fr-container');
  container.addEventListener('change', onChange);
  updateConditions(container);
  return container;
}

function renderPart(st, part) {
  const l = st.lang;
  const editable = !st.opts.readOnly && st.opts.role === part.role;
  const id = `${st.uid}-part-${part.code}`;
  const fs = h(
    'section',
    {
      class: `fr-part${editable ? ' fr-editable' : ' fr-readonly'}`,
      'aria-labelledby': `${id}-title`,
      dataset: { part: part.code, role: part.role },
    },
    h(
      'div',
      { class: 'fr-part-head' },
      h('h3', { id: `${id}-title` }, pick(part, 'title', l)),
      h(
        'p',
        { class: 'fr-role' },
        h('span', { class: 'badge badge-muted' }, `${word(l, 'filledBy')}: ${roleTitle(part.role)}`),
        part.staff_only ? h('span', { class: 'badge badge-warn' }, word(l, 'staffOnly')) : null,
      ),
    ),
    pick(part, 'note', l) ? h('p', { class: 'fr-note' }, pick(part, 'note', l)) : null,
  );
  const data = st.opts.data || {};
  for (const f of part.fields || []) {
    const el = editable ? renderField(st, f, '', data, null) : renderValue(st, f, data, null);
    if (el) fs.append(el);
  }
  return fs;
}

function domId(st, path) {
  return `${st.uid}-${path.replace(/[^A-Za-z0-9_]+/g, '-')}`;
}

/** The label line: text plus a visible "required" mark. */
function labelText(st, field) {
  const l = st.lang;
  const parts = [pick(field, 'label', l)];
  if (field.required && field.type !== 'group') parts.push(h('span', { class: 'fr-req' }, ` (${word(l, 'requiredMark')})`));
  return parts;
}

function errorSlot(id, path) {
  return h('p', { class: 'field-error', id: `${id}-error`, dataset: { errorFor: path }, 'aria-live': 'polite' });
}

function helpText(st, field, id) {
  const l = st.lang;
  let text = pick(field, 'help', l);
  if ((field.type === 'text' || field.type === 'textarea') && field.max && field.max >= 300) {
    text = text ? `${text} ${word(l, 'maxChars', { max: field.max })}` : word(l, 'maxChars', { max: field.max });
  }
  if (field.type === 'file' && field.max > 1) {
    text = text ? `${text} ${word(l, 'fileLimit', { max: field.max })}` : word(l, 'fileLimit', { max: field.max });
  }
  return text ? h('p', { class: 'hint', id: `${id}-hint` }, text) : null;
}

function conditionAttrs(field, prefix) {
  if (!field.when) return {};
  return { whenField: join(prefix, field.when.field), whenValue: String(field.when.value) };
}

/** One editable field at path prefix.name; value from obj (the stored data at that level). */
function renderField(st, field, prefix, obj, unitRow) {
  const l = st.lang;
  const path = join(prefix, field.name);
  const id = domId(st, path);
  const value = obj ? obj[field.name] : undefined;
  const hint = helpText(st, field, id);
  const described = [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' ');
  const dataset = { path, type: field.type, ...conditionAttrs(field, prefix) };

  switch (field.type) {
    case 'text':
    case 'textarea':
    case 'date':
    case 'time':
    case 'int': {
      const props = {
        id,
        name: path,
        'aria-describedby': described,
        required: !!field.required,
        dataset: { path },
      };
      let control;
      if (field.type === 'textarea') {
        control = h('textarea', { ...props, rows: 4, maxlength: field.max || null, minlength: field.min || null });
        control.value = value ?? '';
      } else {
        const input = { ...props, value: value ?? '' };
        if (field.type === 'date') input.type = 'date';
        else if (field.type === 'time') input.type = 'time';
        else if (field.type === 'int') Object.assign(input, { type: 'number', inputmode: 'numeric', step: 1, min: field.min ?? null, max: field.max ?? null });
        else {
          input.type = field.format === 'email' ? 'email' : field.format === 'phone' ? 'tel' : 'text';
          if (field.format === 'digits') Object.assign(input, { inputmode: 'numeric', pattern: '[0-9]*' });
          if (field.format === 'email') Object.assign(input, { inputmode: 'email', autocapitalize: 'none', spellcheck: 'false' });
          if (field.format === 'phone') input.inputmode = 'tel';
          if (field.format === 'idnum') Object.assign(input, { autocapitalize: 'characters', spellcheck: 'false' });
          if (field.max) input.maxlength = field.max;
          if (field.min) input.minlength = field.min;
        }
        control = h('input', input);
      }
      return h('div', { class: 'field fr-field', dataset }, h('label', { for: id }, labelText(st, field)), hint, control, errorSlot(id, path));
    }

    case 'enum': {
      const choices = choicesOf(field, st);
      if (choices.length > 4 || field.choices_from) {
        const sel = h(
          'select',
          { id, name: path, required: !!field.required, 'aria-describedby': described, dataset: { path } },
          h('option', { value: '' }, word(l, 'choose')),
          choices.map((c) => h('option', { value: c.value, selected: value === c.value }, pick(c, 'label', l))),
        );
        return h('div', { class: 'field fr-field', dataset }, h('label', { for: id }, labelText(st, field)), hint, sel, errorSlot(id, path));
      }
      return choiceGroup(st, field, path, id, described, dataset, choices, 'radio', (c) => value === c.value);
    }

    case 'multi': {
      const chosen = Array.isArray(value) ? value : [];
      return choiceGroup(st, field, path, id, described, dataset, choicesOf(field, st), 'checkbox', (c) => chosen.includes(c.value));
    }

    case 'bool': {
      if (field.accept) {
        const box = h('input', { type: 'checkbox', id, name: path, required: !!field.required, checked: value === true, 'aria-describedby': described, dataset: { path } });
        return h(
          'div',
          { class: 'field fr-field fr-accept', dataset },
          h('div', { class: 'fr-choice fr-statement' }, box, h('label', { for: id }, labelText(st, field))),
          hint,
          errorSlot(id, path),
        );
      }
      const yn = [
        { value: 'true', label_id: WORDS.id.yes, label_en: WORDS.en.yes },
        { value: 'false', label_id: WORDS.id.no, label_en: WORDS.en.no },
      ];
      const g = choiceGroup(st, field, path, id, described, dataset, yn, 'radio', (c) => (value === true && c.value === 'true') || (value === false && c.value === 'false'));
      g.classList.add('fr-yesno');
      return g;
    }

    case 'signature': {
      const box = h('input', { type: 'checkbox', id, name: path, required: !!field.required, checked: value === true, 'aria-describedby': `${id}-hint ${id}-error`, dataset: { path } });
      return h(
        'div',
        { class: 'field fr-field fr-sign', dataset },
        h('div', { class: 'fr-choice fr-statement' }, box, h('label', { for: id }, labelText(st, field))),
        h('p', { class: 'hint', id: `${id}-hint` }, word(l, 'signHint')),
        errorSlot(id, path),
      );
    }

    case 'file':
      return renderFiles(st, field, path, id, hint, described, dataset, Array.isArray(value) ? value : []);

    case 'group':
      return renderGroup(st, field, prefix, obj, unitRow, true);

    default:
      return h('p', { class: 'fr-note' }, pick(field, 'label', l));
  }
}

function choiceGroup(st, field, path, id, described, dataset, choices, kind, isChecked) {
  const l = st.lang;
  const legendId = `${id}-legend`;
  return h(
    'fieldset',
    { class: 'field fr-field fr-fieldset', id, 'aria-describedby': described, dataset },
    h('legend', { id: legendId }, labelText(st, field)),
    helpText(st, field, id),
    h(
      'div',
      { class: `fr-choices${choices.length <= 2 ? ' fr-choices-inline' : ''}` },
      choices.map((c, i) => {
        const cid = `${id}-${i}`;
        return h(
          'div',
          { class: 'fr-choice' },
          h('input', { type: kind, id: cid, name: path, value: c.value, checked: isChecked(c), dataset: { path } }),
          h('label', { for: cid }, pick(c, 'label', l)),
        );
      }),
    ),
    errorSlot(id, path),
  );
}

function fileName(st, sha, n) {
  const info = st.opts.fileInfo ? st.opts.fileInfo(sha) : null;
  return (info && info.name) || `${word(st.lang, 'fileN', { n })} (${sha.slice(0, 8)}…)`;
}

function fileItem(st, sha, name, editable, onRemove) {
  const info = st.opts.fileInfo ? st.opts.fileInfo(sha) : null;
  const label = info && info.url ? h('a', { href: info.url, target: '_blank', rel: 'noopener' }, name) : h('span', { class: 'break' }, name);
  return h(
    'li',
    { class: 'fr-file', dataset: { sha } },
    label,
    editable
      ? h('button', { type: 'button', class: 'btn btn-small btn-danger-outline', 'aria-label': word(st.lang, 'removeFileLabel', { name }), onclick: onRemove }, word(st.lang, 'removeFile'))
      : null,
  );
}

function renderFiles(st, field, path, id, hint, described, dataset, refs) {
  const l = st.lang;
  const max = field.max || 10;
  const list = h('ul', { class: 'fr-files', dataset: { files: path }, 'aria-live': 'polite' });
  const status = h('p', { class: 'hint fr-file-status', role: 'status' });
  const input = h('input', { type: 'file', id, name: path, 'aria-describedby': described, accept: 'application/pdf,image/jpeg,image/png', multiple: max > 1 });
  const refresh = () => {
    const n = $$('li[data-sha]', list).length;
    input.dataset.full = n >= max ? '1' : '';
    input.disabled = n >= max || !st.opts.upload || !!input.closest('[hidden]');
    const emptyNote = $('.fr-files-empty', list);
    if (n === 0 && !emptyNote) list.append(h('li', { class: 'fr-files-empty muted' }, word(l, 'noFiles')));
    if (n > 0 && emptyNote) emptyNote.remove();
  };
  const add = (sha, name) => {
    if ($$('li[data-sha]', list).some((li) => li.dataset.sha === sha)) return;
    const li = fileItem(st, sha, name, true, () => {
      li.remove();
      refresh();
    });
    list.append(li);
    refresh();
  };
  refs.forEach((sha, i) => add(sha, fileName(st, sha, i + 1)));
  input.addEventListener('change', async () => {
    const files = [...input.files];
    input.value = '';
    for (const file of files) {
      if ($$('li[data-sha]', list).length >= max) break;
      status.textContent = word(l, 'uploading', { name: file.name });
      try {
        const r = await st.opts.upload(file);
        add(r.sha256, r.name || file.name);
        status.textContent = '';
      } catch (err) {
        status.textContent = word(l, 'uploadFailed', { name: file.name, message: (err && err.message) || t('common.error.generic') });
      }
    }
  });
  refresh();
  return h(
    'div',
    { class: 'field fr-field fr-file-field', dataset },
    st.opts.upload ? h('label', { for: id }, labelText(st, field)) : h('p', { class: 'fr-label' }, labelText(st, field)),
    hint,
    list,
    st.opts.upload ? h('div', { class: 'fr-file-add' }, input) : h('p', { class: 'hint' }, word(l, 'uploadUnavailable')),
    status,
    errorSlot(id, path),
  );
}

/** A repeat group: one block per context row; editable or read-only. */
function renderGroup(st, field, prefix, obj, unitRow, editable) {
  const l = st.lang;
  const path = join(prefix, field.name);
  const id = domId(st, path);
  const rows = contextRows(field.repeat, st.opts.context, unitRow);
  const stored = obj && Array.isArray(obj[field.name]) ? obj[field.name] : [];
  const idKey = rowId(field);
  const box = h(
    'fieldset',
    { class: 'fr-group', id, dataset: { path, type: 'group', ...conditionAttrs(field, prefix) } },
    h('legend', {}, pick(field, 'label', l)),
    helpText(st, field, id),
    editable ? errorSlot(id, path) : null,
  );
  if (!rows.length) {
    box.append(h('p', { class: 'muted' }, word(l, 'noRows')));
    return box;
  }
  const simple = !(field.fields || []).length;
  const list = h(simple ? 'ul' : 'ol', { class: simple ? 'fr-rowlist' : 'fr-rows' });
  rows.forEach((row, i) => {
    const rpath = `${path}[${i}]`;
    const rid = row[idKey];
    const rowData = stored.find((r) => r && String(r[idKey]) === String(rid)) || stored[i] || {};
    const item = h(
      'li',
      { class: 'fr-row', dataset: { path: rpath, rowId: String(rid ?? '') } },
      h('p', { class: 'fr-row-title' }, fillRow(pick(field, 'row_title', l), row)),
    );
    if (field.row_list && Array.isArray(row[field.row_list]) && row[field.row_list].length) {
      item.append(
        h('p', { class: 'fr-row-list-head' }, pick(field, 'row_list', l)),
        h('ul', { class: 'fr-row-list' }, row[field.row_list].map((x) => h('li', {}, typeof x === 'string' ? x : fillRow('{title}', x)))),
      );
    }
    if (editable) item.append(errorSlot(domId(st, rpath), rpath));
    const unit = field.repeat === 'units' ? row : unitRow;
    for (const child of field.fields || []) {
      const el = editable ? renderField(st, child, rpath, rowData, unit) : renderValue(st, child, rowData, unit, rpath);
      if (el) item.append(el);
    }
    list.append(item);
  });
  box.append(list);
  return box;
}

/** Whether a stored sibling value satisfies a field's condition (read-only display). */
function storedWhen(field, obj) {
  if (!field.when) return true;
  const v = obj ? obj[field.when.field] : undefined;
  if (Array.isArray(v)) return v.includes(field.when.value);
  return v !== undefined && v !== null && String(v) === field.when.value;
}

/** A field of a part the current role does not fill: its stored value as text (null when its
 *  condition does not hold). */
function renderValue(st, field, obj, unitRow, prefix = '') {
  const l = st.lang;
  const value = obj ? obj[field.name] : undefined;
  if (!storedWhen(field, obj)) return null;
  if (field.type === 'group') return renderGroup(st, field, prefix, obj, unitRow, false);
  let shown;
  const label = (v) => {
    const c = choicesOf(field, st).find((x) => x.value === v);
    return c ? pick(c, 'label', l) : String(v);
  };
  switch (field.type) {
    case 'enum':
      shown = isEmpty(value) ? word(l, 'empty') : label(value);
      break;
    case 'multi':
      shown = isEmpty(value) ? word(l, 'empty') : h('ul', { class: 'fr-value-list' }, value.map((v) => h('li', {}, label(v))));
      break;
    case 'bool':
      shown = value === true ? word(l, 'yes') : value === false ? word(l, 'no') : word(l, 'empty');
      break;
    case 'signature':
      shown = h('span', { class: value === true ? 'badge badge-ok' : 'badge badge-muted' }, word(l, value === true ? 'signed' : 'notSigned'));
      break;
    case 'file':
      shown = isEmpty(value)
        ? word(l, 'noFiles')
        : h('ul', { class: 'fr-files' }, value.map((sha, i) => fileItem(st, sha, fileName(st, sha, i + 1), false)));
      break;
    default:
      shown = isEmpty(value) ? word(l, 'empty') : String(value);
  }
  return h(
    'div',
    { class: `fr-value${field.type === 'textarea' ? ' fr-value-long' : ''}`, dataset: { path: join(prefix, field.name) } },
    h('p', { class: 'fr-value-label' }, pick(field, 'label', l)),
    h('div', { class: 'fr-value-text' }, shown),
  );
}

/* ---------- conditions ---------- */

/** The current value of the control at path, as collectForm would send it. */
function controlValue(container, path) {
  const els = $$(`[name="${CSS.escape(path)}"]`, container).filter((e) => e.type !== 'file');
  if (!els.length) return undefined;
  const first = els[0];
  if (first.type === 'radio') {
    const c = els.find((e) => e.checked);
    return c ? c.value : undefined;
  }
  if (first.type === 'checkbox') {
    if (els.length > 1 || first.closest('.fr-fieldset')) return els.filter((e) => e.checked).map((e) => e.value);
    return first.checked ? 'true' : 'false';
  }
  return first.value;
}

function conditionHolds(container, el) {
  const v = controlValue(container, el.dataset.whenField);
  const want = el.dataset.whenValue;
  if (Array.isArray(v)) return v.includes(want);
  return v !== undefined && String(v) === want;
}

function updateConditions(container) {
  const st = states.get(container);
  // document order: an outer condition is applied before the ones nested in it
  for (const el of $$('[data-when-field]', container)) {
    const show = conditionHolds(container, el);
    el.hidden = !show;
    for (const c of $$('input, select, textarea, button', el)) {
      if (c.type === 'file') c.disabled = !show || !st || !st.opts.upload || c.dataset.full === '1';
      else c.disabled = !show;
    }
  }
}

function onChange(ev) {
  const container = ev.currentTarget;
  if (ev.target && ev.target.name) updateConditions(container);
}

/* ---------- collecting ---------- */

function readField(container, field, path, unitRow, st) {
  if (field.type === 'group') return readGroup(container, field, path, unitRow, st);
  const wrap = $(`[data-path="${CSS.escape(path)}"].fr-field`, container);
  if (wrap && wrap.hidden) return undefined;
  switch (field.type) {
    case 'text':
    case 'textarea':
    case 'date':
    case 'time': {
      const el = $(`[name="${CSS.escape(path)}"]`, container);
      if (!el || el.value.trim() === '') return undefined;
      return el.value;
    }
    case 'int': {
      const el = $(`[name="${CSS.escape(path)}"]`, container);
      if (!el || el.value.trim() === '') return undefined;
      const n = Number(el.value);
      return Number.isInteger(n) ? n : el.value; // the server names a non-integer
    }
    case 'enum': {
      const v = controlValue(container, path);
      return v === undefined || v === '' ? undefined : v;
    }
    case 'multi': {
      const v = $$(`input[name="${CSS.escape(path)}"]`, container).filter((e) => e.checked).map((e) => e.value);
      return v.length ? v : undefined;
    }
    case 'bool': {
      if (field.accept) {
        const el = $(`input[name="${CSS.escape(path)}"]`, container);
        return el ? el.checked : undefined;
      }
      const v = controlValue(container, path);
      return v === 'true' ? true : v === 'false' ? false : undefined;
    }
    case 'signature': {
      const el = $(`input[name="${CSS.escape(path)}"]`, container);
      return el && el.checked ? true : undefined;
    }
    case 'file': {
      const list = $(`[data-files="${CSS.escape(path)}"]`, container);
      const refs = list ? $$('li[data-sha]', list).map((li) => li.dataset.sha) : [];
      return refs.length ? refs : undefined;
    }
    default:
      return undefined;
  }
}

function readObject(container, fields, prefix, unitRow, st, out) {
  for (const f of fields || []) {
    if (f.type === 'group' && !(f.fields || []).length) continue; // shows context only
    const v = readField(container, f, join(prefix, f.name), unitRow, st);
    if (v !== undefined) out[f.name] = v;
  }
  return out;
}

function readGroup(container, field, path, unitRow, st) {
  const box = $(`fieldset.fr-group[data-path="${CSS.escape(path)}"]`, container);
  if (!box || box.hidden) return undefined;
  const rows = contextRows(field.repeat, st.opts.context, unitRow);
  if (!rows.length) return undefined;
  const idKey = rowId(field);
  return rows.map((row, i) => {
    const out = { [idKey]: row[idKey] };
    const unit = field.repeat === 'units' ? row : unitRow;
    return readObject(container, field.fields, `${path}[${i}]`, unit, st, out);
  });
}

/**
 * The values of the parts the current role fills, in the shape the server validates: one object
 * with every field by name, repeat groups as arrays of rows carrying the context row's id. Empty
 * fields are left out (the server reports the required ones).
 */
export function collectForm(container) {
  const st = states.get(container);
  if (!st) throw new Error('collectForm: nothing rendered in this container');
  const out = {};
  if (st.opts.readOnly) return out;
  for (const part of st.def.parts || []) {
    if (part.role !== st.opts.role) continue;
    readObject(container, part.fields, '', null, st, out);
  }
  return out;
}

/* ---------- errors ---------- */

/** The shown error slot nearest to a server path: "a[1].b[2]" -> "a[1].b" -> "a[1]" -> "a". */
export function nearestErrorPath(container, path) {
  let p = path;
  while (p) {
    const slot = $(`[data-error-for="${CSS.escape(p)}"]`, container);
    if (slot && !slot.closest('[hidden]')) return p;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    if (cut <= 0) break;
    p = p.slice(0, cut);
  }
  return null;
}

/** Shows an ApiError on the rendered form: at the field its path names (or the nearest shown
 *  element), and "check the marked fields" in the general area; otherwise in the general area. */
export function showFormErrors(container, err) {
  if (err && err.redirecting) return;
  clearErrors(container);
  if (err && err.field) {
    const p = nearestErrorPath(container, err.field);
    if (p) {
      const el = showFieldError(container, p, err.message || t('common.error.generic'));
      showFormError(container, t('common.error.fixFields'));
      const target = el && el.tagName === 'FIELDSET' ? $('input, select, textarea', el) || el : el;
      if (target && typeof target.focus === 'function') {
        if (target.tagName === 'P' || target.tagName === 'FIELDSET') target.setAttribute('tabindex', '-1');
        target.focus();
      }
      return;
    }
  }
  showApiError(container, err);
}

// A language switch redraws live forms in the new language, keeping what was typed.
onLangChange((l) => {
  for (const c of [...live]) {
    if (!c.isConnected) {
      live.delete(c);
      continue;
    }
    const st = states.get(c);
    if (!st || st.lang === l) continue;
    // what the role typed replaces its stored values (a cleared field stays cleared)
    const data = { ...(st.opts.data || {}) };
    if (!st.opts.readOnly) {
      for (const part of st.def.parts || []) {
        if (part.role !== st.opts.role) continue;
        for (const f of part.fields || []) delete data[f.name];
      }
      Object.assign(data, collectForm(c));
    }
    renderForm(c, st.def, { ...st.opts, lang: undefined, data });
  }
});
