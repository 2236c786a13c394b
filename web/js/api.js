// fetch wrapper for the ujikom JSON API: sends the CSRF token (cookie ujikom_csrf) on state-changing
// requests and Accept-Language from the language switch, turns error bodies
// {"error","message","field"} into ApiError, sends the browser to /masuk when a protected page's
// session is gone and to /ganti-sandi when the account must first replace its password.

import { lang, t } from './i18n.js';

const CSRF_COOKIE = 'ujikom_csrf';
const CSRF_HEADER = 'X-CSRF-Token';

/** An API failure: HTTP status (0 for network), machine code, message for people, field name. */
export class ApiError extends Error {
  constructor(status, code, message, field, retryAfter) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field || null;
    this.retryAfter = retryAfter || 0;
    this.redirecting = false;
  }
}

let csrfMemo = null;

/** Remembers the CSRF value from GET /api/session (used when the cookie cannot be read). */
export function setCsrf(v) {
  if (v) csrfMemo = v;
}

function readCookie(name) {
  for (const part of document.cookie.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    if (part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return null;
}

async function csrfToken() {
  let v = readCookie(CSRF_COOKIE) || csrfMemo;
  if (!v) {
    // The server sets the cookie on any response when absent; GET /api/session also returns it.
    const s = await api('GET', '/api/session', undefined, { redirect401: false });
    setCsrf(s && s.csrf);
    v = readCookie(CSRF_COOKIE) || csrfMemo;
  }
  return v || '';
}

/** A same-origin path to continue to after sign-in; anything else becomes def. */
export function safeNext(v, def = '/') {
  if (typeof v !== 'string' || !v.startsWith('/') || v.startsWith('//') || v.startsWith('/\\')) {
    return def;
  }
  return v;
}

/** The current page as a "next" value. */
export function herePath() {
  return location.pathname + location.search;
}

/** Sends the browser to the sign-in page, coming back here afterwards. */
export function goLogin() {
  location.assign('/masuk?next=' + encodeURIComponent(herePath()));
}

function isProtectedPage() {
  return document.body && document.body.dataset.auth === 'required';
}

/**
 * Calls the API. Resolves with the parsed JSON body (null for 204/empty), rejects with ApiError.
 * opts.redirect401 (default true): on a protected page a 401 without a field (session gone) sends
 * the browser to /masuk?next=... and the error is marked .redirecting (callers show nothing).
 */
export async function api(method, path, body, opts = {}) {
  const { redirect401 = true, retried = false } = opts;
  const headers = { Accept: 'application/json', 'Accept-Language': lang() };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (method !== 'GET' && method !== 'HEAD') headers[CSRF_HEADER] = await csrfToken();

  let res;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'network', t('common.error.network'));
  }

  let data = null;
  const type = res.headers.get('Content-Type') || '';
  if (res.status !== 204 && type.includes('json')) {
    try {
      data = await res.json();
    } catch {
      data = null;
    }
  }
  if (res.ok) return data;

  const code = (data && data.error) || `http_${res.status}`;
  const message = (data && data.message) || t('common.error.generic');
  const retryAfter = parseInt(res.headers.get('Retry-After') || '0', 10) || 0;
  const err = new ApiError(res.status, code, message, data && data.field, retryAfter);

  if (res.status === 403 && code === 'csrf' && !retried) {
    // The token rotated (e.g. sign-in in another tab): fetch the current one and retry once.
    csrfMemo = null;
    const s = await api('GET', '/api/session', undefined, { redirect401: false });
    setCsrf(s && s.csrf);
    return api(method, path, body, { ...opts, retried: true });
  }
  if (res.status === 401 && redirect401 && !err.field && isProtectedPage()) {
    err.redirecting = true;
    goLogin();
  } else if (res.status === 403 && code === 'password_change_required' && document.body.dataset.page !== 'ganti-sandi') {
    err.redirecting = true;
    location.assign('/ganti-sandi?next=' + encodeURIComponent(herePath()));
  }
  throw err;
}

/** GET /api/session; never throws for a signed-out visitor. */
export async function getSession() {
  const s = await api('GET', '/api/session', undefined, { redirect401: false });
  setCsrf(s && s.csrf);
  return s || { signed_in: false, account: null };
}
