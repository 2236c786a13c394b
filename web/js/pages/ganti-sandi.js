// Change password (/ganti-sandi). Also the forced step after signing in with a one-time password:
// then the page says so and continues to ?next= when done.

import { api, getSession, safeNext } from '../api.js';
import { $ } from '../dom.js';
import { bindForm, confirmMatches, enhancePasswords } from '../forms.js';
import { initPage, markReady, showNotice } from '../layout.js';

const { account } = await initPage();

const form = $('#change-form');
const forced = !!account.must_change_password;
const next = safeNext(new URLSearchParams(location.search).get('next'), '/');
form.username.value = account.email || '';
if (forced) $('#forced').hidden = false;

enhancePasswords(form);
bindForm(form, {
  validate: confirmMatches('new_password', 'new_password_confirm'),
  onSubmit: async (v) => {
    await api(
      'POST',
      '/api/account/password',
      { current_password: v.current_password, new_password: v.new_password },
      { redirect401: false },
    );
    if (forced) {
      await getSession().catch(() => null);
      location.assign(next);
      await new Promise(() => {});
    }
    form.reset();
    showNotice($('#notice'), 'change.done');
  },
});
$('#current_password').focus();
markReady();
