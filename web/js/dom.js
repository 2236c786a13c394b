// Small DOM helpers shared by the pages: element creation without innerHTML (all text goes in as
// text nodes, so server data can never inject markup) and a few queries.

/** Creates an element. props: attributes, except `class`, `text`, `dataset`, `on<event>` handlers
 *  and boolean properties (hidden, disabled, checked). children: nodes, strings or null. */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'hidden' || k === 'disabled' || k === 'checked' || k === 'selected') el[k] = !!v;
    else if (k === 'value') el.value = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** querySelector shorthand. */
export const $ = (sel, root = document) => root.querySelector(sel);
/** querySelectorAll as an array. */
export const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

/** Removes all children of el and appends the given ones. */
export function replaceChildren(el, ...children) {
  el.textContent = '';
  append(el, children);
}
