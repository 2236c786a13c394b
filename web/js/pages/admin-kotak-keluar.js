// Outbox viewer (/admin/kotak-keluar): the messages the system sent (reset links etc.), newest
// first. Links in a message body become clickable; the body is otherwise shown as plain text.

import { api } from '../api.js';
import { $, h, replaceChildren } from '../dom.js';
import { fmtDate, onLangChange, t } from '../i18n.js';
import { initPage, markReady, showMessage } from '../layout.js';

await initPage();
let messages = [];
const pageError = $('#page-error');

/** Text with http(s) URLs turned into links (built as nodes, never as HTML). */
function linkify(text) {
  const out = [];
  const re = /https?:\/\/[^\s<>"']+/g;
  let last = 0;
  let m;
  while ((m = re.exec(text))) {
    let url = m[0].replace(/[.,;:)\]]+$/, '');
    out.push(text.slice(last, m.index));
    out.push(h('a', { href: url, rel: 'noopener noreferrer' }, url));
    last = m.index + url.length;
    re.lastIndex = last;
  }
  out.push(text.slice(last));
  return out;
}

function stamp(v) {
  if (typeof v === 'number') return v;
  const n = Date.parse(v);
  return Number.isFinite(n) ? n : 0;
}

function render() {
  const box = $('#messages');
  if (!messages.length) {
    replaceChildren(box, h('p', { class: 'card muted' }, t('outbox.empty')));
    return;
  }
  const sorted = [...messages].sort((a, b) => stamp(b.created_at) - stamp(a.created_at) || (b.id > a.id ? 1 : -1));
  replaceChildren(
    box,
    sorted.map((m) =>
      h(
        'article',
        { class: 'card message', dataset: { message: String(m.id), to: m.to } },
        h('h2', { class: 'h3' }, m.subject || t('common.dash')),
        h(
          'dl',
          { class: 'facts facts-inline' },
          h('div', {}, h('dt', {}, t('outbox.to')), h('dd', { class: 'break' }, m.to)),
          h('div', {}, h('dt', {}, t('outbox.created')), h('dd', {}, fmtDate(m.created_at))),
        ),
        h('pre', { class: 'message-body' }, linkify(m.body || '')),
      ),
    ),
  );
}

async function load() {
  try {
    const res = await api('GET', '/api/outbox');
    messages = (res && res.messages) || [];
    pageError.textContent = '';
    render();
  } catch (err) {
    if (!err.redirecting) showMessage(pageError, err.message);
  }
}

$('#refresh').addEventListener('click', async (ev) => {
  const b = ev.currentTarget;
  b.disabled = true;
  await load();
  b.disabled = false;
});
onLangChange(render);
await load();
markReady();
