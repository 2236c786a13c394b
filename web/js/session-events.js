// The timeline of a remote session (shared by the live page and the playback page): event names,
// offsets as m:ss / h:mm:ss, and who did it.

import { t } from './i18n.js';

const KINDS = new Set([
  'opened',
  'joined',
  'left',
  'identity_checked',
  'identity_mismatch',
  'consent_confirmed',
  'room_scan',
  'instrument_started',
  'instrument_ended',
  'flag',
  'note',
  'ended',
  'connection_lost',
  'connection_restored',
]);

/** The name of an event kind in the current language. */
export function eventName(kind) {
  return KINDS.has(kind) ? t(`sesi.event.${kind}`) : kind;
}

/** The name of a part in a session (asesi, asesor, pengamat, verifikator). */
export function partName(role) {
  return ['asesi', 'asesor', 'pengamat', 'verifikator'].includes(role) ? t(`sesi.role.${role}`) : role || '';
}

/** Milliseconds as m:ss (h:mm:ss from an hour). */
export function fmtOffset(ms) {
  const s = Math.max(0, Math.floor((ms || 0) / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** The text of an event's detail: the role for joined/left, else the assessor's note. */
export function eventDetail(ev) {
  if (!ev.detail) return '';
  if (ev.kind === 'joined' || ev.kind === 'left') return partName(ev.detail);
  return ev.detail;
}
