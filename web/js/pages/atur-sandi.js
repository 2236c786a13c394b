// Password reset with the one-time token from the outbox link (/atur-sandi?token=...). The token is
// taken out of the address bar at once so it does not linger in history or referrers.

import { api } from '../api.js';
import { $ } from '../dom.js';
import { bindForm, confirmMatches, enhancePasswords } from '../forms.js';
import { initPage, markReady } from '../layout.js';

await initPage();

const form = $('#reset-form');
const token = new URLSearchParams(location.search).get('token') || '';
if (token) history.replaceState(null, '', location.pathname);

if (!token) {
  form.hidden = true;
  $('#no-token').hidden = false;
} else {
  enhancePasswords(form);
  bindForm(form, {
    validate: confirmMatches('new_password', 'new_password_confirm'),
    onSubmit: async (v) => {
      await api('POST', '/api/password-reset/confirm', { token, new_password: v.new_password });
      location.assign('/masuk?sandi=1');
      await new Promise(() => {});
    },
  });
}
markReady();
