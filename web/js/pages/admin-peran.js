// Roles and permissions (/admin/peran): every role with its permissions as checkboxes from the
// catalogue (GET /api/permissions); ticking grants, unticking revokes at once. New roles are
// created here too. Without accounts.role.manage the page is read-only.

import { api } from '../api.js';
import { $, h, replaceChildren } from '../dom.js';
import { bindForm } from '../forms.js';
import { has, lang, onLangChange, roleTitle, t } from '../i18n.js';
import { hideNotice, initPage, markReady, showMessage, showNotice } from '../layout.js';

const { can } = await initPage();
const manage = can('accounts.role.manage');

let roles = [];
let perms = [];
const open = new Set(); // roles whose <details> the user opened (kept across re-renders)
const notice = $('#notice');
const pageError = $('#page-error');

function permDesc(p) {
  return (lang() === 'en' ? p.desc_en : p.desc_id) || p.desc_id || p.desc_en || '';
}

/** Permissions grouped by their module prefix ("accounts.role.read" → "accounts"). */
function groups() {
  const m = new Map();
  for (const p of perms) {
    const g = p.name.split('.')[0];
    if (!m.has(g)) m.set(g, []);
    m.get(g).push(p);
  }
  return [...m.entries()];
}

function renderRole(r) {
  const held = new Set(r.permissions || []);
  const details = h('details', { class: 'card role', dataset: { role: r.name }, open: open.has(r.name) ? '' : null });
  details.addEventListener('toggle', () => (details.open ? open.add(r.name) : open.delete(r.name)));
  const legendId = `perms-${r.name}`;
  details.append(
    h(
      'summary',
      {},
      h('span', { class: 'role-title' }, roleTitle(r.name, r)),
      ' ',
      h('code', { class: 'muted' }, r.name),
      ' ',
      h('span', { class: r.builtin ? 'badge badge-muted' : 'badge badge-ok' }, t(r.builtin ? 'roles.builtin' : 'roles.custom')),
      ' ',
      h('span', { class: 'muted role-count' }, t('roles.permCount', { n: held.size })),
    ),
    h(
      'fieldset',
      { class: 'perm-groups', 'aria-labelledby': legendId },
      h('legend', { id: legendId, class: 'visually-hidden' }, t('roles.permsOf', { role: roleTitle(r.name, r) })),
      groups().map(([g, list]) =>
        h(
          'div',
          { class: 'perm-group' },
          h('h3', { class: 'h4' }, has(`module.${g}`) ? t(`module.${g}`) : g),
          list.map((p) => {
            const id = `p-${r.name}-${p.name}`.replace(/[^a-zA-Z0-9_-]/g, '-');
            const box = h('input', {
              type: 'checkbox',
              id,
              checked: held.has(p.name),
              disabled: !manage,
              dataset: { perm: p.name },
            });
            box.addEventListener('change', () => toggle(r, p, box));
            return h(
              'div',
              { class: 'check' },
              box,
              h('label', { for: id }, h('span', {}, permDesc(p)), ' ', h('code', { class: 'muted' }, p.name)),
            );
          }),
        ),
      ),
    ),
  );
  return details;
}

function render() {
  replaceChildren($('#roles'), roles.map(renderRole));
}

async function load() {
  try {
    const [r, p] = await Promise.all([api('GET', '/api/roles'), api('GET', '/api/permissions')]);
    roles = (r && r.roles) || [];
    perms = (p && p.permissions) || [];
    render();
  } catch (err) {
    if (!err.redirecting) showMessage(pageError, err.message);
  }
}

async function toggle(role, perm, box) {
  const grant = box.checked;
  box.disabled = true;
  hideNotice(notice);
  pageError.textContent = '';
  try {
    if (grant) {
      await api('POST', `/api/roles/${encodeURIComponent(role.name)}/permissions`, { permission: perm.name });
    } else {
      await api('DELETE', `/api/roles/${encodeURIComponent(role.name)}/permissions/${encodeURIComponent(perm.name)}`);
    }
    const set = new Set(role.permissions || []);
    if (grant) set.add(perm.name);
    else set.delete(perm.name);
    role.permissions = [...set];
    const count = box.closest('details').querySelector('.role-count');
    count.textContent = t('roles.permCount', { n: set.size });
    showNotice(notice, grant ? 'roles.granted' : 'roles.revoked', { perm: perm.name, role: roleTitle(role.name, role) });
  } catch (err) {
    box.checked = !grant;
    if (!err.redirecting) showMessage(pageError, err.message);
  } finally {
    box.disabled = !manage;
    box.focus();
  }
}

if (!manage) $('#read-only').hidden = false;
if (manage) {
  $('#create-section').hidden = false;
  const form = $('#create-form');
  bindForm(form, {
    onSubmit: async (v) => {
      const name = v.name.trim();
      await api('POST', '/api/roles', { name, title_id: v.title_id.trim(), title_en: v.title_en.trim() });
      form.reset();
      open.add(name);
      await load();
      showNotice(notice, 'roles.created', { name });
    },
  });
}

onLangChange(render);
await load();
markReady();
