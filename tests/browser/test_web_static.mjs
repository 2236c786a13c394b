// Static checks of web/ that need no server or browser: the CSP rules (no inline script, style or
// event handler), every referenced asset exists, every ES module import names an export, every
// JavaScript file parses, every translation key used exists in both languages and the Indonesian
// text written in the markup matches the dictionary, and basic accessibility of the markup
// (labels, aria-describedby targets, error areas, lang, skip link).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createChecks } from './lib/check.mjs';
import { SOURCE_DIR } from './lib/server.mjs';

const WEB = path.join(SOURCE_DIR, 'web');
const T = createChecks();

function walk(dir, ext) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p, ext));
    else if (p.endsWith(ext)) out.push(p);
  }
  return out.sort();
}

const rel = (p) => path.relative(WEB, p);
const htmlFiles = walk(WEB, '.html');
const jsFiles = walk(WEB, '.js');

// The dictionary: i18n.js touches document/localStorage when imported; give it stand-ins.
globalThis.document = { documentElement: {} };
const { _dict: dict } = await import(pathToFileURL(path.join(WEB, 'js/i18n.js')).href);
delete globalThis.document;

const decode = (s) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();

/* ---------- pages the brief names ---------- */
for (const f of [
  'index.html',
  'daftar.html',
  'masuk.html',
  'lupa-sandi.html',
  'atur-sandi.html',
  'ganti-sandi.html',
  'akun.html',
  'admin/akun.html',
  'admin/peran.html',
  'admin/kunci.html',
  'admin/kotak-keluar.html',
  'css/app.css',
  'js/api.js',
  'js/i18n.js',
  'js/nav.js',
  'js/layout.js',
]) {
  T.check(`exists: web/${f}`, fs.existsSync(path.join(WEB, f)));
}

/* ---------- dictionary ---------- */
const idKeys = Object.keys(dict.id);
const enKeys = new Set(Object.keys(dict.en));
const onlyId = idKeys.filter((k) => !enKeys.has(k));
const onlyEn = [...enKeys].filter((k) => !(k in dict.id));
T.check('i18n: every Indonesian key has an English text', onlyId.length === 0, onlyId.join(', '));
T.check('i18n: every English key has an Indonesian text', onlyEn.length === 0, onlyEn.join(', '));
const empty = idKeys.filter((k) => !dict.id[k] || !dict.en[k]);
T.check('i18n: no empty texts', empty.length === 0, empty.join(', '));
const prefixes = new Set(idKeys.map((k) => k.split('.')[0]));

/* ---------- HTML ---------- */
for (const file of htmlFiles) {
  const name = rel(file);
  const html = fs.readFileSync(file, 'utf8');
  const tags = [...html.matchAll(/<([a-zA-Z][\w-]*)(\s[^>]*)?>/g)].map((m) => ({ tag: m[1].toLowerCase(), attrs: m[2] || '', index: m.index }));
  const attr = (t, a) => {
    const m = t.attrs.match(new RegExp(`\\s${a}\\s*=\\s*"([^"]*)"`, 'i'));
    return m ? m[1] : null;
  };
  const hasAttr = (t, a) => new RegExp(`\\s${a}(\\s|=|$)`, 'i').test(t.attrs);

  T.check(`${name}: <html lang="id">`, /<html lang="id">/.test(html));
  T.check(`${name}: viewport meta`, /<meta name="viewport" content="width=device-width, initial-scale=1">/.test(html));
  T.check(`${name}: translated <title>`, /<title data-i18n="[^"]+">/.test(html));

  const scripts = tags.filter((t) => t.tag === 'script');
  T.check(
    `${name}: only external module scripts (CSP script-src 'self')`,
    scripts.length > 0 && scripts.every((t) => attr(t, 'type') === 'module' && (attr(t, 'src') || '').startsWith('/js/')),
  );
  T.check(`${name}: no <style> blocks`, !tags.some((t) => t.tag === 'style'));
  const styled = tags.filter((t) => hasAttr(t, 'style'));
  T.check(`${name}: no style="" attributes`, styled.length === 0, styled.map((t) => t.tag).join(', '));
  const handlers = tags.filter((t) => /\son[a-z]+\s*=/i.test(t.attrs));
  T.check(`${name}: no inline event handlers`, handlers.length === 0, handlers.map((t) => t.tag).join(', '));
  T.check(`${name}: no javascript: URLs`, !/javascript:/i.test(html));

  const missing = [];
  for (const t of tags) {
    for (const a of ['src', 'href']) {
      const v = attr(t, a);
      if (!v || !v.startsWith('/') || !/\.(js|css|svg|png|ico)$/.test(v)) continue;
      if (!fs.existsSync(path.join(WEB, v))) missing.push(v);
    }
  }
  T.check(`${name}: referenced assets exist`, missing.length === 0, missing.join(', '));

  T.check(`${name}: skip link to #main`, /<a class="skip-link" href="#main"/.test(html) && /<main id="main"/.test(html));
  T.check(`${name}: header and footer placeholders`, /<header id="site-header">/.test(html) && /<footer id="site-footer">/.test(html));
  const auth = (html.match(/<body[^>]*data-auth="([^"]+)"/) || [])[1];
  T.check(`${name}: <body data-auth> set`, ['public', 'guest', 'required'].includes(auth));
  if (name.startsWith('admin/')) {
    T.check(`${name}: admin page requires a session and a permission`, auth === 'required' && /<body[^>]*data-perm="[a-z]+\.[a-z0-9_.]+( [a-z]+\.[a-z0-9_.]+)*"/.test(html));
  }

  // translation keys and the Indonesian text written in the markup
  const keys = [...html.matchAll(/data-i18n(?:-placeholder|-aria-label|-title)?="([^"]+)"/g)].map((m) => m[1]);
  const unknown = keys.filter((k) => !(k in dict.id));
  T.check(`${name}: every data-i18n key exists`, unknown.length === 0, unknown.join(', '));
  const differs = [];
  for (const m of html.matchAll(/<(\w+)[^>]*\sdata-i18n="([^"]+)"[^>]*>([^<]*)<\//g)) {
    const [, , key, text] = m;
    if (key in dict.id && decode(text) !== decode(dict.id[key])) differs.push(`${key}: "${decode(text)}"`);
  }
  T.check(`${name}: markup text equals the Indonesian dictionary`, differs.length === 0, differs.join('; '));

  // labels and descriptions
  const ids = new Set(tags.map((t) => attr(t, 'id')).filter(Boolean));
  const labelled = new Set(tags.filter((t) => t.tag === 'label').map((t) => attr(t, 'for')));
  const unlabelled = tags
    .filter((t) => ['input', 'select', 'textarea'].includes(t.tag))
    .filter((t) => attr(t, 'type') !== 'hidden' && attr(t, 'aria-hidden') !== 'true')
    .filter((t) => !labelled.has(attr(t, 'id')) && !attr(t, 'aria-label') && !attr(t, 'aria-labelledby'));
  T.check(`${name}: every control has a label`, unlabelled.length === 0, unlabelled.map((t) => attr(t, 'id') || t.tag).join(', '));
  const dangling = [];
  for (const t of tags) {
    for (const a of ['aria-describedby', 'aria-labelledby', 'aria-controls']) {
      for (const id of (attr(t, a) || '').split(/\s+/).filter(Boolean)) if (!ids.has(id)) dangling.push(`${a}=${id}`);
    }
  }
  T.check(`${name}: aria references point at existing ids`, dangling.length === 0, dangling.join(', '));
  const dupIds = [...ids].filter((id) => tags.filter((t) => attr(t, 'id') === id).length > 1);
  T.check(`${name}: ids are unique`, dupIds.length === 0, dupIds.join(', '));

  // forms: a general error area, an error slot per named field
  for (const m of html.matchAll(/<form([^>]*)>([\s\S]*?)<\/form>/g)) {
    const [, fattrs, body] = m;
    if (/role="search"/.test(fattrs)) continue;
    const fid = (fattrs.match(/id="([^"]+)"/) || [])[1] || '?';
    T.check(`${name}#${fid}: has a role="alert" general error area`, /data-form-error role="alert"/.test(body));
    const names = [...body.matchAll(/<input[^>]*\sname="([^"]+)"[^>]*>/g)]
      .filter((x) => !/aria-hidden="true"/.test(x[0]) && !/type="(hidden|checkbox)"/.test(x[0]))
      .map((x) => x[1]);
    const noSlot = names.filter((n) => !new RegExp(`data-error-for="${n}"`).test(body));
    T.check(`${name}#${fid}: every field has an error slot`, noSlot.length === 0, noSlot.join(', '));
  }
}

/* ---------- JavaScript ---------- */
const exportsOf = new Map();
for (const file of jsFiles) {
  const src = fs.readFileSync(file, 'utf8');
  const names = new Set(
    [...src.matchAll(/export\s+(?:async\s+)?(?:function\*?|const|let|class)\s+([A-Za-z_$][\w$]*)/g)].map((m) => m[1]),
  );
  exportsOf.set(file, names);
}
const usedKeys = new Set();
for (const file of jsFiles) {
  const name = rel(file);
  const src = fs.readFileSync(file, 'utf8');
  const r = spawnSync(process.execPath, ['--input-type=module', '--check', '-'], { input: src, encoding: 'utf8' });
  T.check(`${name}: parses as an ES module`, r.status === 0, (r.stderr || '').split('\n').slice(0, 4).join(' '));

  const bad = [];
  for (const m of src.matchAll(/import\s*\{([^}]*)\}\s*from\s*'([^']+)'/g)) {
    const target = path.resolve(path.dirname(file), m[2]);
    const have = exportsOf.get(target);
    if (!have) {
      bad.push(`${m[2]} (no such file)`);
      continue;
    }
    for (const n of m[1].split(',').map((s) => s.trim().split(/\s+as\s+/)[0]).filter(Boolean)) {
      if (!have.has(n)) bad.push(`${n} from ${m[2]}`);
    }
  }
  T.check(`${name}: imports name existing exports`, bad.length === 0, bad.join(', '));
  T.check(`${name}: no innerHTML/insertAdjacentHTML/eval (XSS)`, !/\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|\beval\(|new Function\(/.test(src));

  for (const m of src.matchAll(/'([a-zA-Z]+(?:\.[a-zA-Z0-9_]+)+)'/g)) {
    if (prefixes.has(m[1].split('.')[0]) && !/\.(js|css|html)$/.test(m[1])) usedKeys.add(`${m[1]}\u0000${name}`);
  }
}
const unknownJs = [...usedKeys].map((s) => s.split('\u0000')).filter(([k]) => !(k in dict.id));
T.check('js: every translation key used in code exists', unknownJs.length === 0, unknownJs.map(([k, f]) => `${k} (${f})`).join(', '));

/* ---------- CSS ---------- */
const css = fs.readFileSync(path.join(WEB, 'css/app.css'), 'utf8');
T.check('app.css: no external fonts or imports', !/@import|@font-face|url\(\s*['"]?https?:/i.test(css));
T.check('app.css: visible focus style', /:focus-visible\s*\{[^}]*outline:\s*3px/.test(css));

process.exit(T.summary());
