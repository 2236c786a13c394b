// My account (/akun): profile summary from the session, own sessions with revoke, sign-out.

import { api } from '../api.js';
import { $, h, replaceChildren } from '../dom.js';
import { fmtDate, onLangChange, roleTitle, t } from '../i18n.js';
import { hideNotice, initPage, markReady, showMessage, showNotice } from '../layout.js';

const { account } = await initPage();

let sessions = [];
const notice = $('#sessions-notice');
const errorArea = $('#sessions-error');

/** "Chrome on Android" from a User-Agent string; falls back to a generic label. */
function deviceName(ua) {
  if (!ua) return t('session.unknownDevice');
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /OPR\//.test(ua)
      ? 'Opera'
      : /Firefox\//.test(ua)
        ? 'Firefox'
        : /Chrom(e|ium)\//.test(ua)
          ? 'Chrome'
          : /Safari\//.test(ua)
            ? 'Safari'
            : null;
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad|iPod/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : null;
  if (browser && os) return t('session.on', { browser, os });
  return browser || os || ua.slice(0, 40);
}

function stamp(v) {
  if (typeof v === 'number') return v;
  const n = Date.parse(v);
  return Number.isFinite(n) ? n : 0;
}

function renderProfile() {
  $('#p-name').textContent = account.name || '';
  $('#p-email').textContent = account.email || '';
  replaceChildren(
    $('#p-roles'),
    (account.roles || []).map((r) => h('li', { class: 'chip', dataset: { role: r } }, roleTitle(r))),
  );
}

function cell(labelKey, ...content) {
  const cls = labelKey === 'common.actions' ? 'cell-actions' : null;
  return h('td', { 'data-label': t(labelKey), class: cls }, ...content);
}

function renderSessions() {
  const tbody = $('#sessions tbody');
  if (!sessions.length) {
    replaceChildren(tbody, h('tr', {}, h('td', { colspan: '5' }, t('common.empty'))));
    return;
  }
  replaceChildren(
    tbody,
    sessions.map((s) => {
      const device = deviceName(s.user_agent);
      return h(
        'tr',
        { dataset: { session: String(s.id) }, class: s.current ? 'is-current' : null },
        cell(
          'session.device',
          h('span', { title: s.user_agent || '' }, device),
          s.current ? h('span', { class: 'badge badge-ok' }, t('session.current')) : null,
        ),
        cell('session.ip', s.ip || t('common.dash')),
        cell('session.created', fmtDate(s.created_at)),
        cell('session.lastSeen', fmtDate(s.last_seen_at)),
        cell(
          'common.actions',
          s.current
            ? null
            : h(
                'button',
                {
                  type: 'button',
                  class: 'btn btn-small btn-danger-outline',
                  'aria-label': t('session.revokeLabel', { device }),
                  onclick: (ev) => revoke(s, ev.currentTarget),
                },
                t('session.revoke'),
              ),
        ),
      );
    }),
  );
}

async function load() {
  try {
    const res = await api('GET', '/api/sessions');
    sessions = ((res && res.sessions) || []).sort(
      (a, b) => (b.current ? 1 : 0) - (a.current ? 1 : 0) || stamp(b.last_seen_at) - stamp(a.last_seen_at),
    );
    renderSessions();
  } catch (err) {
    if (!err.redirecting) showMessage(errorArea, err.message);
  }
}

async function revoke(s, btn) {
  btn.disabled = true;
  hideNotice(notice);
  errorArea.textContent = '';
  try {
    await api('DELETE', `/api/sessions/${encodeURIComponent(s.id)}`);
    showNotice(notice, 'session.revoked');
    await load();
  } catch (err) {
    btn.disabled = false;
    if (!err.redirecting) showMessage(errorArea, err.message);
  }
}

$('#logout').addEventListener('click', async (ev) => {
  ev.currentTarget.disabled = true;
  try {
    await api('DELETE', '/api/session', undefined, { redirect401: false });
  } catch {
    /* signed out already */
  }
  location.assign('/masuk?keluar=1');
});

renderProfile();
onLangChange(() => {
  renderProfile();
  renderSessions();
});
await load();
markReady();
