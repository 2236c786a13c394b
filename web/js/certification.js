// Shared by the certification pages (skema, sertifikasi, permohonan, admin/verifikasi): stage,
// step and purpose names through i18n, the fee and file-limit formats, cached reads of the public
// scheme catalogue, the case context the forms engine expects (built exactly as the server's
// modules/certification/cert_context.c does) and the stage timeline derived from the workflow
// table (GET /api/certification/transitions).

import { api } from './api.js';
import { has, locale, t } from './i18n.js';

/** Indonesian/English name of a case state ("SCHEDULED" → "Dijadwalkan"); the code if unknown. */
export function stageName(state) {
  return has(`stage.${state}`) ? t(`stage.${state}`) : String(state || '');
}

/** Name of a workflow step ("apl01_submit" → "Ajukan permohonan"); the code if unknown. */
export function eventName(event) {
  return has(`event.${event}`) ? t(`event.${event}`) : String(event || '');
}

/** Name of an assessment purpose (sertifikasi, pkt, rpl, lainnya). */
export function purposeName(p) {
  return has(`purpose.${p}`) ? t(`purpose.${p}`) : String(p || t('common.dash'));
}

/** A fee in rupiah ("Rp1.500.000"); "free" for 0, a dash when unknown. */
export function fmtFee(idr) {
  if (idr === null || idr === undefined || idr === '') return t('common.dash');
  if (Number(idr) === 0) return t('skema.free');
  return new Intl.NumberFormat(locale(), { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 }).format(Number(idr));
}

/** A byte count as the server words limits ("2 MB", "512 KB"). */
export function fmtBytes(n) {
  const mib = 1024 * 1024;
  if (n >= mib) return `${Math.round((n / mib) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} B`;
}

/** "PDF, JPG, PNG" from a requirement's types. */
export function fmtTypes(types) {
  return (Array.isArray(types) && types.length ? types : ['pdf', 'jpg', 'png']).map((x) => String(x).toUpperCase()).join(', ');
}

/** Approval text of a scheme's remote/paperless object. */
export function approvalText(a) {
  if (!a || !a.approved) return t('skema.notApproved');
  return a.approval_number ? t('skema.approvedNumber', { number: a.approval_number }) : t('skema.approved');
}

let listMemo = null;
const detailMemo = new Map();

/** GET /api/skema (cached for the page's life): the public list. */
export async function skemaList() {
  if (!listMemo) {
    listMemo = api('GET', '/api/skema').then((r) => (r && r.skema) || []);
    listMemo.catch(() => {
      listMemo = null;
    });
  }
  return listMemo;
}

/** GET /api/skema/:id (cached): requirements and units → elements → KUK. */
export async function skemaDetail(id) {
  const key = String(id);
  if (!detailMemo.has(key)) {
    const p = api('GET', `/api/skema/${encodeURIComponent(key)}`);
    detailMemo.set(key, p);
    p.catch(() => detailMemo.delete(key));
  }
  return detailMemo.get(key);
}

/**
 * The case context for repeat groups, as cert_context.c builds it: requirement rows carry every
 * member of the requirement plus key (its "ref", or its 1-based position without one) and title
 * (its text); units carry code, title and elements keyed "1", "2", ... by position.
 */
export function caseContext(skema) {
  const ctx = { requirements: [], units: [] };
  if (!skema) return ctx;
  (skema.requirements || []).forEach((r, i) => {
    const key = r.ref ? String(r.ref) : String(i + 1);
    ctx.requirements.push({ ...r, key, title: r.text });
  });
  for (const u of skema.units || []) {
    ctx.units.push({
      code: u.code,
      title: u.title,
      elements: (u.elements || []).map((el, k) => ({ ...el, key: String(k + 1) })),
    });
  }
  ctx.skema = { number: skema.number, title: skema.title };
  return ctx;
}

let transitionsMemo = null;

/** GET /api/certification/transitions (cached). */
export async function transitions() {
  if (!transitionsMemo) {
    transitionsMemo = api('GET', '/api/certification/transitions').then((r) => (r && r.transitions) || []);
    transitionsMemo.catch(() => {
      transitionsMemo = null;
    });
  }
  return transitionsMemo;
}

/**
 * The main path of the workflow: the longest chain of distinct states from the first state of the
 * table (APL01_DRAFT ... CERTIFIED). Side states (revision, rejection, not continued, BK) are not
 * on it; timeline() places the current one where it branches off.
 */
export function mainPath(table) {
  if (!table.length) return [];
  const next = new Map();
  for (const tr of table) {
    if (tr.from === tr.to) continue;
    if (!next.has(tr.from)) next.set(tr.from, []);
    if (!next.get(tr.from).includes(tr.to)) next.get(tr.from).push(tr.to);
  }
  const start = table[0].from;
  let best = [start];
  const walk = (path) => {
    if (path.length > best.length) best = path.slice();
    for (const n of next.get(path[path.length - 1]) || []) {
      if (path.includes(n)) continue;
      path.push(n);
      walk(path);
      path.pop();
    }
  };
  walk([start]);
  return best;
}

/**
 * The stages to show for a case in state `current`: [{state, status: done|current|todo, side}].
 * A state off the main path is shown after the main-path state it branches from (taken from the
 * case history when possible, else from the table); when the case cannot go on from it, the
 * stages after it are left out.
 */
export function timeline(table, current, events = []) {
  const path = mainPath(table);
  let shown = path.slice();
  let side = false;
  if (!path.includes(current)) {
    side = true;
    let from = null;
    for (let i = events.length - 1; i >= 0 && !from; i--) {
      if (events[i].to === current && path.includes(events[i].from)) from = events[i].from;
    }
    if (!from) {
      const tr = table.find((x) => x.to === current && path.includes(x.from));
      from = tr ? tr.from : path[0];
    }
    const at = path.indexOf(from);
    // a dead end (rejected, not continued, not yet competent) ends this case's path
    const goesOn = table.some((x) => x.from === current && x.to !== current);
    shown = [...path.slice(0, at + 1), current, ...(goesOn ? path.slice(at + 1) : [])];
  }
  const ci = shown.indexOf(current);
  return shown.map((state, i) => ({
    state,
    status: i < ci ? 'done' : i === ci ? 'current' : 'todo',
    side: side && state === current,
  }));
}

/** JSON with object keys sorted, for comparing form data with a signed version. */
export function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

const nameMemo = new Map();

/** The name of account id when the signed-in account may read accounts (GET /api/accounts/:id,
 *  cached); null when it may not or the lookup fails. */
export async function accountName(id, mayRead) {
  if (!mayRead || !id) return null;
  const key = String(id);
  if (!nameMemo.has(key)) {
    nameMemo.set(
      key,
      api('GET', `/api/accounts/${encodeURIComponent(key)}`).then(
        (a) => (a && (a.name || a.email)) || null,
        () => null,
      ),
    );
  }
  return nameMemo.get(key);
}
