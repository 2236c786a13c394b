// Sign-in page (/masuk): email + password; continues to ?next= or, when the account must replace
// a one-time password, to /ganti-sandi. Shows throttling (429 + Retry-After) as a countdown.

import { api, safeNext } from '../api.js';
import { $ } from '../dom.js';
import { bindForm, enhancePasswords, showFormError } from '../forms.js';
import { setText } from '../i18n.js';
import { initPage, markReady, showNotice } from '../layout.js';

await initPage();

const params = new URLSearchParams(location.search);
const form = $('#login-form');
const notice = $('#notice');
const submit = $('button[type=submit]', form);

if (params.has('terdaftar')) showNotice(notice, 'register.success');
else if (params.has('sandi')) showNotice(notice, 'login.resetDone');
else if (params.has('keluar')) showNotice(notice, 'login.loggedOut');
else if (params.has('next')) showNotice(notice, 'login.needLogin', null, 'warn');

try {
  const remembered = sessionStorage.getItem('ujikom_registered_email');
  if (remembered) {
    form.email.value = remembered;
    sessionStorage.removeItem('ujikom_registered_email');
  }
} catch {
  /* storage blocked */
}

let waitTimer = null;

/** Keeps the button disabled for s seconds, with a live countdown in the error area. */
function waitBeforeRetry(s) {
  clearInterval(waitTimer);
  let left = s;
  const general = $('[data-form-error]', form);
  const tick = () => {
    if (left <= 0) {
      clearInterval(waitTimer);
      submit.disabled = false;
      general.textContent = '';
      return;
    }
    submit.disabled = true;
    setText(general, 'login.retryIn', { s: left });
    left -= 1;
  };
  tick();
  waitTimer = setInterval(tick, 1000);
}

enhancePasswords(form);
bindForm(form, {
  onSubmit: async (v) => {
    try {
      const res = await api('POST', '/api/session', { email: v.email.trim(), password: v.password }, { redirect401: false });
      const next = safeNext(params.get('next'), '/');
      const acc = res && res.account;
      if (acc && acc.must_change_password) {
        location.assign('/ganti-sandi?next=' + encodeURIComponent(next));
      } else {
        location.assign(next);
      }
      await new Promise(() => {}); // keep the button disabled while the browser navigates
    } catch (err) {
      if (err.status === 429 && err.retryAfter > 0) {
        // after bindForm re-enables the button
        setTimeout(() => waitBeforeRetry(err.retryAfter), 0);
        showFormError(form, err.message);
        return;
      }
      throw err;
    }
  },
});
form.email.focus();
markReady();
