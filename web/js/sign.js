// Paperless signing in the browser: the password dialog (#sign-dialog with #sign-form,
// #sign-password, #sign-cancel in the page's markup) and signedPost(), which POSTs a signed action
// and, when the server wants the signer confirmed (a login older than 5 minutes), asks for the
// password again and retries until it is right or the user cancels (SignCancelled).

import { api } from './api.js';
import { $ } from './dom.js';
import { clearErrors, enhancePasswords, showFieldError } from './forms.js';
import { t } from './i18n.js';

/** Thrown by signedPost when the user closes the password dialog. */
export class SignCancelled extends Error {}

let pwResolve = null;
let bound = false;

function bind() {
  if (bound) return;
  bound = true;
  const dialog = $('#sign-dialog');
  const pwForm = $('#sign-form');
  pwForm.noValidate = true;
  enhancePasswords(pwForm);
  pwForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const v = $('#sign-password').value;
    if (!v) {
      showFieldError(pwForm, 'password', t('common.required'));
      return;
    }
    const resolve = pwResolve;
    pwResolve = null;
    dialog.close();
    if (resolve) resolve(v);
  });
  $('#sign-cancel').addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    $('#sign-password').value = '';
    if (pwResolve) {
      const resolve = pwResolve;
      pwResolve = null;
      resolve(null);
    }
  });
}

/** Opens the dialog; resolves with the password, or null when cancelled. */
export function askPassword(message) {
  bind();
  const pwForm = $('#sign-form');
  return new Promise((resolve) => {
    pwResolve = resolve;
    clearErrors(pwForm);
    $('#sign-password').value = '';
    if (message) showFieldError(pwForm, 'password', message);
    $('#sign-dialog').showModal();
    $('#sign-password').focus();
  });
}

/**
 * POSTs body to url as a signed action. codes: the server's error codes for "confirm with the
 * password" and "wrong password" (signature_* for forms, appeal_* for appeals).
 */
export async function signedPost(url, body, codes = { confirm: 'signature_confirm_required', wrong: 'signature_password_wrong' }) {
  bind();
  try {
    return await api('POST', url, body);
  } catch (err) {
    if (!(err.status === 401 && err.code === codes.confirm)) throw err;
  }
  let message = null;
  for (;;) {
    const password = await askPassword(message);
    if (password === null) throw new SignCancelled();
    try {
      return await api('POST', url, { ...body, password });
    } catch (err) {
      if (err.status === 401 && err.code === codes.wrong) {
        message = err.message;
        continue;
      }
      throw err;
    }
  }
}
