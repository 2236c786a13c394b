// The frame of every page: header (brand, language switch, menu button), role-aware navigation,
// footer; and initPage(), which loads the session and enforces the page's access rule taken from
// <body data-auth="public|guest|required" data-perm="perm1 perm2 (any of)">.

import { api, getSession, goLogin, herePath, safeNext } from './api.js';
import { $, h, replaceChildren } from './dom.js';
import { applyI18n, lang, onLangChange, setLang, setText, t } from './i18n.js';
import { buildNav, can } from './nav.js';

let currentSession = null;

function halt() {
  return new Promise(() => {}); // the page is navigating away: stop its script here
}

async function logout() {
  try {
    await api('DELETE', '/api/session', undefined, { redirect401: false });
  } catch {
    /* already signed out, or offline: the sign-in page shows the real state */
  }
  location.assign('/masuk?keluar=1');
}

function langButton() {
  const other = lang() === 'id' ? 'en' : 'id';
  // Full language name on wide screens, its code on narrow ones; the hidden prefix makes the
  // accessible name "Ganti bahasa ke English".
  return h(
    'button',
    { type: 'button', class: 'lang-switch', dataset: { lang: other }, onclick: () => setLang(other) },
    h('span', { class: 'visually-hidden' }, t('lang.switchPrefix'), ' '),
    h('span', { class: 'lang-long', lang: other }, t('lang.other')),
    h('span', { class: 'lang-short', lang: other }, t('lang.otherShort')),
  );
}

function renderHeader() {
  const header = $('#site-header');
  if (!header) return;
  header.classList.add('site-header');
  const wasOpen = header.classList.contains('nav-open');
  const toggle = h(
    'button',
    {
      type: 'button',
      class: 'menu-toggle',
      'aria-expanded': wasOpen ? 'true' : 'false',
      'aria-controls': 'site-nav',
    },
    h('span', { class: 'menu-icon', 'aria-hidden': 'true' }),
    t('nav.menu'),
  );
  toggle.addEventListener('click', () => {
    const open = header.classList.toggle('nav-open');
    toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
  });
  const brand = h(
    'a',
    { class: 'brand', href: '/' },
    h('img', { src: '/img/logo.svg', alt: '', width: '36', height: '36' }),
    h('span', { class: 'brand-text' }, h('span', { class: 'brand-name' }, t('app.name')), h('span', { class: 'brand-tag' }, t('app.tagline'))),
  );
  const pending = currentSession && currentSession.account && currentSession.account.must_change_password;
  const nav = currentSession ? buildNav(currentSession, logout, { pending }) : null;
  replaceChildren(
    header,
    h('div', { class: 'bar' }, brand, h('div', { class: 'bar-actions' }, langButton(), nav ? toggle : null)),
    nav,
  );
}

function renderFooter() {
  const footer = $('#site-footer');
  if (!footer) return;
  footer.classList.add('site-footer');
  replaceChildren(footer, h('p', {}, t('footer.text')));
}

/** Marks the page as loaded (shows protected content; tests wait for body[data-ready]). */
export function markReady() {
  document.body.dataset.ready = '1';
}

/** Replaces the page's main content with a message (no access, load failure). */
export function showPageMessage(text) {
  const main = $('#main');
  replaceChildren(main, h('div', { class: 'notice notice-error', role: 'alert' }, text));
  markReady();
}

/** Shows a translated notice (kind ok|error|warn) in el; it follows language switches. */
export function showNotice(el, key, vars, kind = 'ok') {
  if (!el) return;
  setText(el, key, vars);
  el.hidden = false;
  for (const k of ['ok', 'error', 'warn']) el.classList.toggle(`notice-${k}`, k === kind);
}

/** Shows a server message (already in the request's language) in el. */
export function showMessage(el, text, kind = 'error') {
  if (!el) return;
  delete el.dataset.i18n;
  delete el.dataset.i18nVars;
  el.textContent = text;
  el.hidden = !text;
  for (const k of ['ok', 'error', 'warn']) el.classList.toggle(`notice-${k}`, k === kind);
}

/** Hides a notice. */
export function hideNotice(el) {
  if (!el) return;
  el.hidden = true;
  el.textContent = '';
  delete el.dataset.i18n;
  delete el.dataset.i18nVars;
}

/** The session loaded by initPage. */
export function session() {
  return currentSession;
}

/**
 * Translates the page, loads the session, draws header/nav/footer and applies the access rule.
 * Resolves with { session, account, can(perm) } or never (when the page redirects or is refused).
 */
export async function initPage() {
  const body = document.body;
  const auth = body.dataset.auth || 'public';
  const perms = (body.dataset.perm || '').split(/\s+/).filter(Boolean);
  applyI18n(document);
  renderHeader();
  renderFooter();
  onLangChange(() => {
    renderHeader();
    renderFooter();
  });

  let s;
  try {
    s = await getSession();
  } catch (e) {
    s = { signed_in: false, account: null };
    if (auth === 'required') {
      showPageMessage(e.message);
      return halt();
    }
  }
  currentSession = s;
  const account = s.signed_in ? s.account : null;
  const next = new URLSearchParams(location.search).get('next');

  if (auth === 'required' && !account) {
    goLogin();
    return halt();
  }
  if (account && account.must_change_password && body.dataset.page !== 'ganti-sandi') {
    location.replace('/ganti-sandi?next=' + encodeURIComponent(herePath()));
    return halt();
  }
  if (auth === 'guest' && account) {
    location.replace(safeNext(next, '/'));
    return halt();
  }
  renderHeader();
  if (perms.length && !perms.some((p) => can(account, p))) {
    showPageMessage(t('common.noAccess'));
    return halt();
  }
  return { session: s, account, can: (p) => can(account, p) };
}
