// Login locks (/admin/kunci): accounts and IP addresses locked after failed sign-ins; lifting a
// lock needs accounts.lock.lift.

import { api } from '../api.js';
import { $, h, replaceChildren } from '../dom.js';
import { fmtDate, onLangChange, t } from '../i18n.js';
import { hideNotice, initPage, markReady, showMessage, showNotice } from '../layout.js';

const { can } = await initPage();
const lift = can('accounts.lock.lift');
let locks = [];
const notice = $('#notice');
const pageError = $('#page-error');

/** The key without its kind prefix ("account:a@b.id" → "a@b.id"); the kind has its own column. */
function shownKey(key) {
  return String(key).replace(/^(account|ip):/, '');
}

function render() {
  const tbody = $('#locks tbody');
  if (!locks.length) {
    replaceChildren(tbody, h('tr', {}, h('td', { colspan: '5' }, t('locks.empty'))));
    return;
  }
  replaceChildren(
    tbody,
    locks.map((l) =>
      h(
        'tr',
        { dataset: { lock: l.key } },
        h('td', { 'data-label': t('locks.col.key'), class: 'break' }, shownKey(l.key)),
        h('td', { 'data-label': t('locks.col.kind') }, t(l.kind === 'ip' ? 'locks.kind.ip' : 'locks.kind.account')),
        h('td', { 'data-label': t('locks.col.failures') }, String(l.failures ?? 0)),
        h('td', { 'data-label': t('locks.col.until') }, l.locked_until ? fmtDate(l.locked_until) : t('locks.notLocked')),
        h(
          'td',
          { 'data-label': t('common.actions'), class: 'cell-actions' },
          lift
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'btn btn-small btn-secondary',
                  'aria-label': t('locks.liftLabel', { key: shownKey(l.key) }),
                  onclick: (ev) => liftLock(l, ev.currentTarget),
                },
                t('locks.lift'),
              )
            : null,
        ),
      ),
    ),
  );
}

async function load() {
  try {
    const res = await api('GET', '/api/login-locks');
    locks = (res && res.locks) || [];
    pageError.textContent = '';
    render();
  } catch (err) {
    if (!err.redirecting) showMessage(pageError, err.message);
  }
}

async function liftLock(l, btn) {
  btn.disabled = true;
  hideNotice(notice);
  try {
    await api('DELETE', `/api/login-locks/${encodeURIComponent(l.key)}`);
    showNotice(notice, 'locks.lifted', { key: shownKey(l.key) });
    await load();
    $('#refresh').focus();
  } catch (err) {
    btn.disabled = false;
    if (!err.redirecting) showMessage(pageError, err.message);
  }
}

$('#refresh').addEventListener('click', async (ev) => {
  const b = ev.currentTarget;
  b.disabled = true;
  hideNotice(notice);
  await load();
  b.disabled = false;
});
onLangChange(render);
await load();
markReady();
