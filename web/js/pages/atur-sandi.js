// Password reset with the one-time token (/atur-sandi). The token is typed or pasted from the
// reset message, or arrives as ?token=... (then the field is hidden and the token is taken out of
// the address bar at once so it does not linger in history or referrers).

import { api } from '../api.js';
import { $ } from '../dom.js';
import { bindForm, confirmMatches, enhancePasswords } from '../forms.js';
import { initPage, markReady } from '../layout.js';

await initPage();

const form = $('#reset-form');
const fromUrl = new URLSearchParams(location.search).get('token') || '';
if (fromUrl) {
  form.token.value = fromUrl;
  $('#token-field').hidden = true;
  history.replaceState(null, '', location.pathname);
}

enhancePasswords(form);
bindForm(form, {
  validate: confirmMatches('new_password', 'new_password_confirm'),
  onSubmit: async (v) => {
    try {
      await api('POST', '/api/password-reset/confirm', { token: v.token.trim(), new_password: v.new_password });
    } catch (err) {
      if (err.field === 'token') $('#token-field').hidden = false; // let the user paste a new one
      throw err;
    }
    location.assign('/masuk?sandi=1');
    await new Promise(() => {});
  },
});
(fromUrl ? form.new_password : form.token).focus();
markReady();
