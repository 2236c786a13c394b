// Form behaviour shared by every page: client checks for required fields, busy state (buttons
// disabled while a request runs), server errors shown next to the named field (aria-invalid,
// aria-describedby) and in the form's general error area (role="alert"), password show/hide.
//
// Markup a form provides: <div class="form-error" data-form-error role="alert"></div> and, per
// field, <p class="field-error" id="<id>-error" data-error-for="<name>" aria-live="polite"></p>
// referenced by the input's aria-describedby.

import { $, $$, h } from './dom.js';
import { applyI18n, onLangChange, t } from './i18n.js';

/** The form's values as an object; checkbox groups (several inputs with one name) become arrays. */
export function formValues(form) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name || el.disabled || el.type === 'submit' || el.type === 'button') continue;
    if (el.type === 'checkbox') {
      const group = form.querySelectorAll(`input[type=checkbox][name="${CSS.escape(el.name)}"]`);
      if (group.length > 1 || el.dataset.array !== undefined) {
        out[el.name] = [...group].filter((c) => c.checked).map((c) => c.value);
      } else {
        out[el.name] = el.checked;
      }
    } else if (el.type === 'radio') {
      if (el.checked) out[el.name] = el.value;
    } else {
      out[el.name] = el.value;
    }
  }
  return out;
}

function fieldInputs(form, field) {
  return $$(`[name="${CSS.escape(field)}"]`, form).filter((el) => el.type !== 'hidden');
}

/** Clears all field errors and the general error area. */
export function clearErrors(form) {
  for (const p of $$('[data-error-for]', form)) p.textContent = '';
  for (const el of $$('[aria-invalid]', form)) el.removeAttribute('aria-invalid');
  for (const el of $$('.field.has-error', form)) el.classList.remove('has-error');
  const general = $('[data-form-error]', form);
  if (general) general.textContent = '';
}

/** Shows msg next to field; returns the element to focus, or null when the form has no such field. */
export function showFieldError(form, field, msg) {
  const p = $(`[data-error-for="${CSS.escape(field)}"]`, form);
  const inputs = fieldInputs(form, field);
  if (!p && inputs.length === 0) return null;
  if (p) p.textContent = msg;
  for (const el of inputs) el.setAttribute('aria-invalid', 'true');
  const wrap = (p || inputs[0]).closest('.field');
  if (wrap) wrap.classList.add('has-error');
  return inputs[0] || p;
}

/** Shows msg in the form's general error area. */
export function showFormError(form, msg) {
  const general = $('[data-form-error]', form);
  if (general) general.textContent = msg;
}

/** Shows an ApiError (or any error) on the form: at its field when the form has it, else in the
 *  general area. Errors that already redirect the page show nothing. */
export function showApiError(form, err) {
  if (err && err.redirecting) return;
  const msg = (err && err.message) || t('common.error.generic');
  if (err && err.field) {
    const el = showFieldError(form, err.field, msg);
    if (el) {
      showFormError(form, t('common.error.fixFields'));
      if (typeof el.focus === 'function') el.focus();
      return;
    }
  }
  showFormError(form, msg);
}

/** Disables the form's buttons and marks it busy (or undoes that). */
export function setBusy(form, busy) {
  form.setAttribute('aria-busy', busy ? 'true' : 'false');
  for (const b of $$('button', form)) {
    if (busy) {
      b.dataset.wasDisabled = b.disabled ? '1' : '';
      b.disabled = true;
    } else if (b.dataset.wasDisabled !== undefined) {
      b.disabled = b.dataset.wasDisabled === '1';
      delete b.dataset.wasDisabled;
    }
  }
  // Buttons outside the form that submit it (form="id") follow it too.
  if (form.id) {
    for (const b of $$(`button[form="${CSS.escape(form.id)}"]`)) b.disabled = busy;
  }
}

/**
 * Wires a form: on submit clears errors, checks required fields and validate(values) (returns a
 * list of {field, message}), then awaits onSubmit(values, form) with the buttons disabled. Errors
 * thrown by onSubmit are shown with showApiError.
 */
export function bindForm(form, { onSubmit, validate } = {}) {
  form.noValidate = true; // our messages follow the language switch; the browser's do not
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (form.getAttribute('aria-busy') === 'true') return;
    clearErrors(form);
    const values = formValues(form);
    const problems = [];
    for (const el of $$('[required]', form)) {
      if (el.disabled || !el.name) continue;
      const empty = el.type === 'checkbox' ? !el.checked : String(el.value).trim() === '';
      if (empty && !problems.some((p) => p.field === el.name)) {
        problems.push({ field: el.name, message: t('common.required') });
      }
    }
    if (validate) {
      for (const p of validate(values, form) || []) {
        if (!problems.some((q) => q.field === p.field)) problems.push(p);
      }
    }
    if (problems.length) {
      let first = null;
      for (const p of problems) {
        const el = showFieldError(form, p.field, p.message);
        first = first || el;
      }
      showFormError(form, t('common.error.fixFields'));
      if (first && typeof first.focus === 'function') first.focus();
      return;
    }
    setBusy(form, true);
    try {
      await onSubmit(values, form);
    } catch (err) {
      if (!(err && err.name === 'ApiError')) console.error(err);
      showApiError(form, err);
    } finally {
      setBusy(form, false);
    }
  });
}

/** Adds a show/hide button to every input[type=password] under root that has data-reveal. */
export function enhancePasswords(root = document) {
  for (const input of $$('input[type=password][data-reveal]', root)) {
    if (input.dataset.revealReady) continue;
    input.dataset.revealReady = '1';
    const btn = h('button', {
      type: 'button',
      class: 'reveal',
      'aria-controls': input.id,
      'aria-pressed': 'false',
      dataset: { i18n: 'common.showPassword', i18nAriaLabel: 'common.showPasswordLabel' },
    });
    const wrap = h('div', { class: 'input-reveal' });
    input.replaceWith(wrap);
    wrap.append(input, btn);
    btn.addEventListener('click', () => {
      const show = input.type === 'password';
      input.type = show ? 'text' : 'password';
      btn.setAttribute('aria-pressed', show ? 'true' : 'false');
      btn.dataset.i18n = show ? 'common.hidePassword' : 'common.showPassword';
      btn.dataset.i18nAriaLabel = show ? 'common.hidePasswordLabel' : 'common.showPasswordLabel';
      applyI18n(btn);
    });
    applyI18n(btn);
  }
}

/** Validator: the confirmation field must equal the password field. */
export function confirmMatches(pwField, confirmField) {
  return (v) =>
    v[confirmField] !== undefined && v[pwField] !== v[confirmField] && v[confirmField] !== ''
      ? [{ field: confirmField, message: t('common.passwordMismatch') }]
      : [];
}

// Client-side messages are in the language of the moment; drop them when it changes so a form
// never mixes languages (the server's messages are re-sent on the next submit).
onLangChange(() => {
  for (const f of $$('form')) clearErrors(f);
});
