// Evidence uploads of a certification case: POST /api/cases/:id/evidence with XMLHttpRequest
// (fetch reports no upload progress), the CSRF header and Accept-Language like api.js, progress
// for a bar, and failures as ApiError {status, code, message, field} from the server's
// {"error","message","field"}. The server decides the type from the content and applies the
// requirement's limit; it answers only after the file is stored durably.
//
//   const bar = uploadProgress();              // a <progress> element to place near the input
//   const r = await uploadEvidence(caseId, file, { requirement: '9.1.2.1 a', onProgress: bar.set });
//   // r: {sha256, filename, content_type, size, requirement, ...}

import { ApiError, getSession } from './api.js';
import { h } from './dom.js';
import { lang, t } from './i18n.js';

const CSRF_COOKIE = 'ujikom_csrf';
const CSRF_HEADER = 'X-CSRF-Token';

function readCookie(name) {
  for (const part of document.cookie.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    if (part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return null;
}

async function csrfToken(fresh) {
  let v = fresh ? null : readCookie(CSRF_COOKIE);
  if (!v) {
    // GET /api/session sets the cookie when absent and also returns the value.
    const s = await getSession();
    v = readCookie(CSRF_COOKIE) || (s && s.csrf) || '';
  }
  return v;
}

function evidenceUrl(caseId, file, requirement) {
  const q = [];
  if (requirement !== undefined && requirement !== null && requirement !== '') {
    q.push('requirement=' + encodeURIComponent(requirement));
  }
  if (file.name) q.push('name=' + encodeURIComponent(file.name));
  return `/api/cases/${encodeURIComponent(caseId)}/evidence${q.length ? '?' + q.join('&') : ''}`;
}

function parse(text) {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

function sendOnce(url, file, token, onProgress, signal) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', lang());
    // The declared type is ignored by the server (it reads the bytes); octet-stream is always
    // accepted, whatever type the operating system guessed for the file.
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader(CSRF_HEADER, token);
    if (onProgress) {
      xhr.upload.addEventListener('progress', (ev) => {
        if (ev.lengthComputable && ev.total > 0) onProgress(ev.loaded / ev.total, ev.loaded, ev.total);
      });
    }
    xhr.addEventListener('load', () => {
      const type = xhr.getResponseHeader('Content-Type') || '';
      const data = type.includes('json') ? parse(xhr.responseText) : null;
      if (xhr.status >= 200 && xhr.status < 300 && data) {
        if (onProgress) onProgress(1, file.size, file.size);
        resolve(data);
        return;
      }
      const code = (data && data.error) || `http_${xhr.status}`;
      const message = (data && data.message) || t('common.error.generic');
      reject(new ApiError(xhr.status, code, message, data && data.field));
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, 'network', t('common.error.network'))));
    xhr.addEventListener('abort', () => reject(new ApiError(0, 'aborted', t('common.error.generic'))));
    if (signal) {
      if (signal.aborted) {
        reject(new ApiError(0, 'aborted', t('common.error.generic')));
        return;
      }
      signal.addEventListener('abort', () => xhr.abort(), { once: true });
    }
    xhr.send(file);
  });
}

/**
 * Uploads one evidence file (a File or Blob with .name) for case caseId.
 * opts.requirement: the scheme requirement's key (FR.APL.01); leave it out for FR.APL.02 evidence.
 * opts.onProgress(fraction 0..1, loadedBytes, totalBytes): called while the bytes are sent; 1 when
 *   the server has stored the file. opts.signal: an AbortSignal to cancel.
 * Resolves with {sha256, filename, content_type, size, requirement, ...}; rejects with ApiError
 * (the server's message is ready to show; field is "file", "name" or "requirement").
 */
export async function uploadEvidence(caseId, file, opts = {}) {
  const { requirement, onProgress, signal } = opts;
  const url = evidenceUrl(caseId, file, requirement);
  try {
    return await sendOnce(url, file, await csrfToken(false), onProgress, signal);
  } catch (err) {
    // The token rotated (a sign-in in another tab): fetch the current one and retry once.
    if (err instanceof ApiError && err.status === 403 && err.code === 'csrf') {
      if (onProgress) onProgress(0, 0, file.size);
      return sendOnce(url, file, await csrfToken(true), onProgress, signal);
    }
    throw err;
  }
}

/**
 * A progress bar for one upload: {el, set(fraction), reset()}. el is a <progress> (0..1) that stays
 * hidden until set() is first called; label (optional) becomes its accessible name.
 */
export function uploadProgress(label) {
  const el = h('progress', { class: 'upload-progress', max: '1', value: '0', hidden: true, 'aria-label': label || null });
  return {
    el,
    set(fraction) {
      el.hidden = false;
      el.value = Math.max(0, Math.min(1, Number(fraction) || 0));
    },
    reset() {
      el.hidden = true;
      el.value = 0;
    },
  };
}
