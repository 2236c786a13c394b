// Password reset request (/lupa-sandi): POST /api/password-reset; the answer is the same whether
// or not the email is registered.

import { api } from '../api.js';
import { $ } from '../dom.js';
import { bindForm } from '../forms.js';
import { initPage, markReady, showNotice } from '../layout.js';

await initPage();

const form = $('#forgot-form');
bindForm(form, {
  onSubmit: async (v) => {
    await api('POST', '/api/password-reset', { email: v.email.trim() });
    form.hidden = true;
    showNotice($('#notice'), 'forgot.sent');
    $('#have-token').className = 'btn btn-primary btn-block'; // the next step, made prominent
    $('#notice').focus();
  },
});
$('#notice').tabIndex = -1;
markReady();
