// Asesi self-registration (/daftar): POST /api/accounts/register, then on to /masuk with the email
// filled in.

import { api } from '../api.js';
import { $ } from '../dom.js';
import { bindForm, confirmMatches, enhancePasswords } from '../forms.js';
import { t } from '../i18n.js';
import { initPage, markReady } from '../layout.js';

await initPage();

const form = $('#register-form');
const matches = confirmMatches('password', 'password_confirm');

enhancePasswords(form);
bindForm(form, {
  validate: (v) => {
    const out = [];
    if (v.nik && !/^[0-9]{16}$/.test(v.nik.trim())) out.push({ field: 'nik', message: t('field.nik.invalid') });
    return out.concat(matches(v));
  },
  onSubmit: async (v) => {
    const email = v.email.trim();
    await api('POST', '/api/accounts/register', {
      nik: v.nik.trim(),
      name: v.name.trim(),
      email,
      phone: v.phone.trim(),
      password: v.password,
    });
    try {
      sessionStorage.setItem('ujikom_registered_email', email);
    } catch {
      /* the user types it again */
    }
    location.assign('/masuk?terdaftar=1');
    await new Promise(() => {});
  },
});
markReady();
