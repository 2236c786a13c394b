// Account administration (/admin/akun): search and page through accounts, create staff accounts
// (the one-time password is shown once), and per account: enable/disable and add/remove roles.
// Each control appears only with the permission its API call needs.

import { api } from '../api.js';
import { $, $$, h, replaceChildren } from '../dom.js';
import { bindForm } from '../forms.js';
import { fmtDate, onLangChange, roleTitle, setText, t } from '../i18n.js';
import { hideNotice, initPage, markReady, showMessage, showNotice } from '../layout.js';

const { can } = await initPage();

const BUILTIN_ROLES = [
  'asesi',
  'asesor',
  'admin_lsp',
  'manajer_sertifikasi',
  'komite_teknis',
  'tim_banding',
  'verifikator_tuk',
  'auditor',
  'ketua_lsp',
  'operator_sistem',
];

let roles = BUILTIN_ROLES.map((name) => ({ name }));
if (can('accounts.role.read')) {
  try {
    const res = await api('GET', '/api/roles');
    if (res && Array.isArray(res.roles) && res.roles.length) roles = res.roles;
  } catch {
    /* the built-in list still lets the admin work */
  }
}
const roleByName = () => new Map(roles.map((r) => [r.name, r]));
const title = (name) => roleTitle(name, roleByName().get(name));

const state = { q: '', role: '', page: 1, pageSize: 0, total: 0, accounts: [] };
let detail = null; // the account open in the dialog
let detailOpener = null;

const listError = $('#list-error');
const dialog = $('#detail');
const detailNotice = $('#detail-notice');
const detailError = $('#detail-error');

/* ---------- filters and list ---------- */

function renderRoleFilter() {
  const sel = $('#role-filter');
  const cur = sel.value || state.role;
  replaceChildren(
    sel,
    h('option', { value: '' }, t('adminAccounts.allRoles')),
    roles.map((r) => h('option', { value: r.name, selected: r.name === cur }, title(r.name))),
  );
}

function roleChips(names) {
  return h(
    'ul',
    { class: 'chips' },
    (names || []).map((r) => h('li', { class: 'chip', dataset: { role: r } }, title(r))),
  );
}

function statusBadges(a) {
  const out = [];
  out.push(
    a.status === 'disabled'
      ? h('span', { class: 'badge badge-muted' }, t('status.disabled'))
      : h('span', { class: 'badge badge-ok' }, t('status.active')),
  );
  if (a.locked) out.push(' ', h('span', { class: 'badge badge-warn' }, t('status.locked')));
  if (a.must_change_password) out.push(' ', h('span', { class: 'badge badge-muted' }, t('status.mustChange')));
  return out;
}

function renderList() {
  const tbody = $('#accounts tbody');
  setText($('#total'), 'adminAccounts.total', { total: state.total });
  if (!state.accounts.length) {
    replaceChildren(tbody, h('tr', {}, h('td', { colspan: '5' }, t('common.empty'))));
  } else {
    replaceChildren(
      tbody,
      state.accounts.map((a) =>
        h(
          'tr',
          { dataset: { account: String(a.id), email: a.email } },
          h('td', { 'data-label': t('adminAccounts.col.name') }, a.name),
          h('td', { 'data-label': t('adminAccounts.col.email'), class: 'break' }, a.email),
          h('td', { 'data-label': t('adminAccounts.col.roles') }, roleChips(a.roles)),
          h('td', { 'data-label': t('adminAccounts.col.status') }, statusBadges(a)),
          h(
            'td',
            { 'data-label': t('common.actions'), class: 'cell-actions' },
            h(
              'button',
              {
                type: 'button',
                class: 'btn btn-secondary btn-small',
                'aria-label': t('adminAccounts.manageLabel', { name: a.name || a.email }),
                dataset: { manage: String(a.id) },
                onclick: (ev) => openDetail(a.id, ev.currentTarget),
              },
              t('adminAccounts.manage'),
            ),
          ),
        ),
      ),
    );
  }
  const pages = state.pageSize ? Math.max(1, Math.ceil(state.total / state.pageSize)) : 1;
  $('#pager').hidden = pages <= 1;
  setText($('#page-info'), 'common.pageOf', { page: state.page, pages });
  $('#prev').disabled = state.page <= 1;
  $('#next').disabled = state.page >= pages;
}

async function loadList() {
  const qs = new URLSearchParams();
  if (state.q) qs.set('q', state.q);
  if (state.role) qs.set('role', state.role);
  qs.set('page', String(state.page));
  try {
    const res = await api('GET', `/api/accounts?${qs}`);
    state.accounts = (res && res.accounts) || [];
    state.total = (res && res.total) || state.accounts.length;
    if (res && res.page) state.page = res.page;
    // page_size is sent by the server; without it, the largest page seen is the size
    state.pageSize = (res && res.page_size) || Math.max(state.pageSize, state.accounts.length);
    listError.textContent = '';
    renderList();
  } catch (err) {
    if (!err.redirecting) showMessage(listError, err.message);
  }
}

$('#search-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  state.q = $('#q').value.trim();
  state.role = $('#role-filter').value;
  state.page = 1;
  loadList();
});
$('#prev').addEventListener('click', () => {
  state.page = Math.max(1, state.page - 1);
  loadList();
});
$('#next').addEventListener('click', () => {
  state.page += 1;
  loadList();
});

/* ---------- create staff ---------- */

function renderCreateRoles() {
  const box = $('#c-roles');
  const checked = new Set($$('input[name=roles]:checked', box).map((c) => c.value));
  replaceChildren(
    box,
    roles
      .filter((r) => r.name !== 'asesi') // candidates register themselves
      .map((r) =>
        h(
          'div',
          { class: 'check' },
          h('input', {
            type: 'checkbox',
            name: 'roles',
            value: r.name,
            id: `c-role-${r.name}`,
            checked: checked.has(r.name),
            dataset: { array: '' },
          }),
          h('label', { for: `c-role-${r.name}` }, title(r.name), ' ', h('code', { class: 'muted' }, r.name)),
        ),
      ),
  );
}

const otpBox = $('#otp-box');
function showOtp(email, otp) {
  setText($('#otp-text'), 'adminAccounts.otpText', { email });
  $('#otp-value').textContent = otp;
  $('#otp-copied').textContent = '';
  $('#create-form').hidden = true;
  otpBox.hidden = false;
  otpBox.focus();
}
$('#otp-done').addEventListener('click', () => {
  otpBox.hidden = true;
  $('#create-form').hidden = false;
  $('#otp-value').textContent = ''; // shown once: do not leave it on screen
  $('#c-email').focus();
});
$('#otp-copy').addEventListener('click', async () => {
  const v = $('#otp-value').textContent;
  try {
    await navigator.clipboard.writeText(v);
  } catch {
    const range = document.createRange();
    range.selectNodeContents($('#otp-value'));
    const sel = getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    document.execCommand('copy');
  }
  setText($('#otp-copied'), 'common.copied');
});

if (can('accounts.staff.create')) {
  $('#create-section').hidden = false;
  const form = $('#create-form');
  bindForm(form, {
    validate: (v) => (v.roles && v.roles.length ? [] : [{ field: 'roles', message: t('common.required') }]),
    onSubmit: async (v) => {
      const email = v.email.trim();
      const res = await api('POST', '/api/accounts', {
        email,
        name: v.name.trim(),
        phone: v.phone.trim(),
        roles: v.roles,
      });
      form.reset();
      showOtp(email, res.one_time_password);
      loadList();
    },
  });
}

/* ---------- one account ---------- */

function fact(labelKey, value) {
  return h('div', {}, h('dt', {}, t(labelKey)), h('dd', {}, value));
}

function renderDetail() {
  const body = $('#detail-body');
  if (!detail) {
    replaceChildren(body);
    return;
  }
  const a = detail;
  const parts = [
    h(
      'dl',
      { class: 'facts' },
      fact('adminAccounts.col.name', a.name),
      fact('adminAccounts.col.email', h('span', { class: 'break' }, a.email)),
      fact('adminAccounts.phone', a.phone || t('common.dash')),
      fact('adminAccounts.createdAt', fmtDate(a.created_at)),
      fact(
        'adminAccounts.col.status',
        statusBadges({
          status: a.status,
          locked: !!a.locked_until && lockedNow(a.locked_until),
          must_change_password: a.must_change_password,
        }),
      ),
      a.locked_until ? fact('adminAccounts.lockedUntil', fmtDate(a.locked_until)) : null,
    ),
  ];

  if (can('accounts.account.manage')) {
    const disable = a.status !== 'disabled';
    parts.push(
      h(
        'section',
        { class: 'detail-section', 'aria-labelledby': 'd-status-title' },
        h('h3', { id: 'd-status-title' }, t('adminAccounts.statusTitle')),
        h(
          'button',
          {
            type: 'button',
            id: 'd-status',
            class: disable ? 'btn btn-danger-outline' : 'btn btn-primary',
            onclick: (ev) => setStatus(disable ? 'disabled' : 'active', ev.currentTarget),
          },
          t(disable ? 'adminAccounts.disable' : 'adminAccounts.enable'),
        ),
      ),
    );
  }

  const assign = can('accounts.role.assign');
  const held = a.roles || [];
  const roleList = held.length
    ? h(
        'ul',
        { class: 'chips', id: 'd-roles' },
        held.map((r) =>
          h(
            'li',
            { class: 'chip', dataset: { role: r } },
            title(r),
            assign
              ? h(
                  'button',
                  {
                    type: 'button',
                    class: 'chip-remove',
                    'aria-label': t('adminAccounts.removeRoleLabel', { role: title(r) }),
                    title: t('adminAccounts.removeRoleLabel', { role: title(r) }),
                    onclick: (ev) => removeRole(r, ev.currentTarget),
                  },
                  '×',
                )
              : null,
          ),
        ),
      )
    : h('p', { class: 'muted', id: 'd-roles' }, t('adminAccounts.noRoles'));
  const section = h(
    'section',
    { class: 'detail-section', 'aria-labelledby': 'd-roles-title' },
    h('h3', { id: 'd-roles-title', tabindex: '-1' }, t('adminAccounts.rolesTitle')),
    roleList,
  );
  if (assign) {
    const options = roles.filter((r) => !held.includes(r.name));
    if (options.length) {
      const form = h(
        'form',
        { id: 'd-role-form', class: 'inline-form', method: 'post' },
        h('div', { class: 'form-error', dataset: { formError: '' }, role: 'alert' }),
        h(
          'div',
          { class: 'field grow' },
          h('label', { for: 'd-role' }, t('adminAccounts.roleToAdd')),
          h(
            'select',
            { id: 'd-role', name: 'role', required: true, 'aria-describedby': 'd-role-error' },
            options.map((r) => h('option', { value: r.name }, title(r.name))),
          ),
          h('p', { class: 'field-error', id: 'd-role-error', dataset: { errorFor: 'role' }, 'aria-live': 'polite' }),
        ),
        h(
          'div',
          { class: 'field field-button' },
          h('button', { type: 'submit', class: 'btn btn-primary' }, t('adminAccounts.addRole')),
        ),
      );
      bindForm(form, {
        onSubmit: async (v) => {
          hideNotice(detailNotice);
          await api('POST', `/api/accounts/${encodeURIComponent(a.id)}/roles`, { role: v.role });
          await refreshDetail('adminAccounts.roleAdded');
          ($('#d-role') || $('#d-roles-title')).focus();
        },
      });
      section.append(form);
    }
  }
  parts.push(section);
  replaceChildren(body, parts);
}

function lockedNow(v) {
  const ms = typeof v === 'number' ? (v < 1e12 ? v * 1000 : v) : Date.parse(v);
  return Number.isFinite(ms) && ms > Date.now();
}

async function fetchDetail(id) {
  return api('GET', `/api/accounts/${encodeURIComponent(id)}`);
}

async function refreshDetail(noticeKey) {
  detail = await fetchDetail(detail.id);
  renderDetail();
  if (noticeKey) showNotice(detailNotice, noticeKey);
  loadList();
}

async function openDetail(id, opener) {
  detailOpener = opener;
  opener.disabled = true;
  try {
    detail = await fetchDetail(id);
    hideNotice(detailNotice);
    detailError.textContent = '';
    renderDetail();
    dialog.showModal();
  } catch (err) {
    if (!err.redirecting) showMessage(listError, err.message);
  } finally {
    opener.disabled = false;
  }
}

async function setStatus(status, btn) {
  if (status === 'disabled' && !confirm(t('adminAccounts.confirmDisable', { email: detail.email }))) return;
  btn.disabled = true;
  detailError.textContent = '';
  try {
    await api('POST', `/api/accounts/${encodeURIComponent(detail.id)}/status`, { status });
    await refreshDetail('adminAccounts.statusSaved');
    $('#d-status').focus();
  } catch (err) {
    btn.disabled = false;
    if (!err.redirecting) showMessage(detailError, err.message);
  }
}

async function removeRole(role, btn) {
  btn.disabled = true;
  detailError.textContent = '';
  hideNotice(detailNotice);
  try {
    await api('DELETE', `/api/accounts/${encodeURIComponent(detail.id)}/roles/${encodeURIComponent(role)}`);
    await refreshDetail('adminAccounts.roleRemoved');
    $('#d-roles-title').focus();
  } catch (err) {
    btn.disabled = false;
    if (!err.redirecting) showMessage(detailError, err.message);
  }
}

$('#detail-close').addEventListener('click', () => dialog.close());
dialog.addEventListener('close', () => {
  detail = null;
  if (detailOpener && detailOpener.isConnected) detailOpener.focus();
});

/* ---------- start ---------- */

function renderAll() {
  renderRoleFilter();
  renderCreateRoles();
  renderList();
  renderDetail();
}

renderAll();
onLangChange(renderAll);
await loadList();
markReady();
