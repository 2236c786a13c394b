// Home page (/): a public introduction for visitors; for a signed-in account a welcome with its
// roles and the pages its permissions open.

import { $, h, replaceChildren } from '../dom.js';
import { onLangChange, roleTitle, setText, t } from '../i18n.js';
import { initPage, markReady } from '../layout.js';
import { navFor } from '../nav.js';

const { account } = await initPage();

function render() {
  if (!account) return;
  $('#guest-hero').hidden = true;
  $('#welcome').hidden = false;
  setText($('#welcome-title'), 'home.welcome', { name: account.name || account.email });
  replaceChildren(
    $('#my-roles'),
    (account.roles || []).map((r) => h('li', { class: 'chip', dataset: { role: r } }, roleTitle(r))),
  );
  const { items, groups } = navFor(account);
  const links = items.filter((i) => i.id !== 'home').concat(...groups.map((g) => g.items));
  replaceChildren(
    $('#my-menu'),
    links.map((i) => h('li', {}, h('a', { class: 'tile', href: i.href, dataset: { tile: i.id } }, t(i.label)))),
  );
}

render();
onLangChange(render);
markReady();
