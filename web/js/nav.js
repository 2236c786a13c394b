// Role-aware navigation built from GET /api/session: each item names the permission it needs (any
// of a list) and the nav shows only what the signed-in account may open. Later modules add their
// pages to NAV_ITEMS / NAV_GROUPS.

import { h } from './dom.js';
import { roleTitle, t } from './i18n.js';

/** Items for everybody (guest: true = only when signed out, session: true = only signed in). */
export const NAV_ITEMS = [
  { id: 'home', href: '/', label: 'nav.home' },
  { id: 'skema', href: '/skema', label: 'nav.skema' },
  { id: 'my-cases', href: '/sertifikasi', label: 'nav.myCases', perm: ['cert.apl01.submit'] },
  { id: 'my-appeals', href: '/banding', label: 'nav.myAppeals', perm: ['appeal.file'] },
  { id: 'login', href: '/masuk', label: 'nav.login', guest: true },
  { id: 'register', href: '/daftar', label: 'nav.register', guest: true },
  { id: 'account', href: '/akun', label: 'nav.account', session: true },
];

/** Groups of permission-gated items; a group shows when at least one item does. */
export const NAV_GROUPS = [
  {
    id: 'cert',
    label: 'nav.cert',
    items: [
      { id: 'cert-asesor', href: '/asesor', label: 'nav.cert.asesor', perm: ['cert.assessment.run'] },
      { id: 'cert-verify', href: '/admin/verifikasi', label: 'nav.cert.verify', perm: ['cert.apl01.verify'] },
      { id: 'cert-decide', href: '/admin/keputusan', label: 'nav.cert.decide', perm: ['cert.decision.make', 'cert.certificate.record'] },
      { id: 'cert-appeals', href: '/admin/banding', label: 'nav.cert.appeals', perm: ['appeal.read', 'appeal.decide', 'appeal.manage'] },
    ],
  },
  {
    id: 'admin',
    label: 'nav.admin',
    items: [
      { id: 'admin-accounts', href: '/admin/akun', label: 'nav.admin.accounts', perm: ['accounts.account.read'] },
      { id: 'admin-roles', href: '/admin/peran', label: 'nav.admin.roles', perm: ['accounts.role.read'] },
      { id: 'admin-locks', href: '/admin/kunci', label: 'nav.admin.locks', perm: ['accounts.lock.read'] },
      { id: 'admin-outbox', href: '/admin/kotak-keluar', label: 'nav.admin.outbox', perm: ['accounts.outbox.read'] },
    ],
  },
];

/** Whether account holds permission p (account may be null). */
export function can(account, p) {
  return !!(account && Array.isArray(account.permissions) && account.permissions.includes(p));
}

function visible(item, account) {
  if (item.guest && account) return false;
  if (item.session && !account) return false;
  if (item.perm && !item.perm.some((p) => can(account, p))) return false;
  return true;
}

/** The items and groups account may see: { items: [...], groups: [{...group, items}] }. */
export function navFor(account) {
  const items = NAV_ITEMS.filter((i) => visible(i, account));
  const groups = NAV_GROUPS.map((g) => ({ ...g, items: g.items.filter((i) => visible(i, account)) })).filter(
    (g) => g.items.length > 0,
  );
  return { items, groups };
}

function normPath(p) {
  const s = p.replace(/\.html$/, '').replace(/\/index$/, '/');
  return s.length > 1 ? s.replace(/\/$/, '') : s;
}

function link(item, here) {
  const current = normPath(item.href) === here;
  return h(
    'li',
    {},
    h('a', { href: item.href, 'aria-current': current ? 'page' : null, dataset: { nav: item.id } }, t(item.label)),
  );
}

/** Builds the <nav> element for the session; onLogout is called by the sign-out button.
 *  opts.pending: the account must change its password first, so only sign-out is offered. */
export function buildNav(session, onLogout, opts = {}) {
  const account = session && session.signed_in ? session.account : null;
  const here = normPath(location.pathname);
  const { items, groups } = opts.pending ? { items: [], groups: [] } : navFor(account);
  const list = h('ul', { class: 'nav-list' }, items.map((i) => link(i, here)));
  for (const g of groups) {
    const id = `nav-group-${g.id}`;
    list.append(
      h(
        'li',
        { class: 'nav-group', dataset: { navGroup: g.id } },
        h('span', { class: 'nav-group-label', id }, t(g.label)),
        h('ul', { 'aria-labelledby': id }, g.items.map((i) => link(i, here))),
      ),
    );
  }
  const nav = h('nav', { id: 'site-nav', class: 'site-nav', 'aria-label': t('nav.label') });
  if (account) {
    const roles = (account.roles || []).map((r) => roleTitle(r));
    nav.append(
      h(
        'p',
        { class: 'whoami' },
        h('span', { class: 'whoami-label' }, t('nav.signedInAs')),
        ' ',
        h('strong', { class: 'whoami-name' }, account.name || account.email),
        roles.length ? h('span', { class: 'whoami-roles', dataset: { roles: (account.roles || []).join(' ') } }, roles.join(', ')) : null,
      ),
    );
  }
  nav.append(list);
  if (account) {
    list.append(
      h(
        'li',
        { class: 'nav-logout' },
        h('button', { type: 'button', class: 'link-button', dataset: { nav: 'logout' }, onclick: onLogout }, t('nav.logout')),
      ),
    );
  }
  return nav;
}
