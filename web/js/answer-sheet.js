// The asesi's timed online answer sheet (FR.IA.05 multiple choice, FR.IA.06 essay) that loses
// nothing: every change is kept at once in localStorage and saved to the server shortly after
// (PUT .../answers with the revision it was based on). Offline, saves wait and retry; after a
// reload the local changes not yet saved are put back over the server's copy; when another tab
// saved first (409 instrument_revision_stale) the server's answers are taken and only the
// changes made here since the last save are laid over them. The clock is the server's: the
// deadline comes from the server and the offset between the two clocks is measured once.

import { api } from './api.js';
import { h } from './dom.js';
import { t } from './i18n.js';

const SAVE_DELAY_MS = 1500;
const RETRY_MS = [2000, 5000, 10000, 20000, 30000];

function storeKey(caseId, code) {
  return `ujikom.sheet.${caseId}.${code}`;
}

/** Local copy: {started_at, base, answers, changed: [indices]} or null. */
function readLocal(key) {
  try {
    const v = JSON.parse(localStorage.getItem(key) || 'null');
    return v && Array.isArray(v.answers) ? v : null;
  } catch {
    return null;
  }
}

export class AnswerSheet {
  /**
   * caseId, code ('ia05'|'ia06'), sheet (server sheet object with answers, revision, deadline_at,
   * status), content (the asesi view: items/questions), now (server time text), onChange(state)
   * is called with {status, savedAt, pending, offline, remainingMs}.
   */
  constructor({ caseId, code, sheet, content, now, onChange }) {
    this.caseId = caseId;
    this.code = code;
    this.key = storeKey(caseId, code);
    this.content = content;
    this.onChange = onChange || (() => {});
    this.offset = Date.parse(now) - Date.now();
    this.timer = null;
    this.saving = false;
    this.again = false;
    this.retry = 0;
    this.offline = false;
    this.load(sheet);
    window.addEventListener('online', () => this.saveSoon(0));
  }

  /** Takes the server's sheet; local unsaved changes of the same sheet are laid over it. */
  load(sheet) {
    this.sheet = sheet;
    this.revision = sheet.revision;
    this.deadline = Date.parse(sheet.deadline_at);
    this.answers = Array.isArray(sheet.answers) ? sheet.answers.slice() : [];
    this.changed = new Set();
    const local = readLocal(this.key);
    if (sheet.status !== 'final' && local && local.started_at === sheet.started_at) {
      for (const i of local.changed || []) {
        if (i >= 0 && i < this.answers.length) {
          this.answers[i] = local.answers[i] ?? null;
          this.changed.add(i);
        }
      }
    }
    if (sheet.status === 'final') localStorage.removeItem(this.key);
    else this.persist();
    if (this.changed.size && sheet.status !== 'final') this.saveSoon(0);
  }

  get final() {
    return this.sheet.status === 'final';
  }

  remainingMs() {
    return this.deadline - (Date.now() + this.offset);
  }

  persist() {
    try {
      localStorage.setItem(
        this.key,
        JSON.stringify({ started_at: this.sheet.started_at, base: this.revision, answers: this.answers, changed: [...this.changed] }),
      );
    } catch {
      // storage full or disabled: the server copy is still saved
    }
  }

  state() {
    return {
      status: this.sheet.status,
      finalBy: this.sheet.final_by,
      savedAt: this.sheet.saved_at,
      pending: this.changed.size > 0,
      offline: this.offline,
      error: this.error || null,
      remainingMs: this.remainingMs(),
    };
  }

  set(i, value) {
    if (this.final) return;
    this.answers[i] = value === '' ? null : value;
    this.changed.add(i);
    this.persist();
    this.onChange(this.state());
    this.saveSoon(SAVE_DELAY_MS);
  }

  saveSoon(ms) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.save(), ms);
  }

  /** Saves the answers now; resolves when this save (and any queued one) is done. */
  async save() {
    if (this.final || !this.changed.size) return;
    if (this.saving) {
      this.again = true;
      return;
    }
    this.saving = true;
    const sent = new Set(this.changed);
    const body = { answers: this.answers.slice(), revision: this.revision };
    try {
      const r = await api('PUT', `/api/cases/${encodeURIComponent(this.caseId)}/instruments/${this.code}/answers`, body);
      this.revision = r.revision;
      this.sheet = { ...this.sheet, revision: r.revision, saved_at: r.saved_at, status: r.status };
      for (const i of sent) if (body.answers[i] === this.answers[i]) this.changed.delete(i);
      this.offline = false;
      this.error = null;
      this.retry = 0;
      this.persist();
    } catch (err) {
      try {
        await this.failed(err);
      } catch (again) {
        this.offline = again.status === 0;
        this.error = again.message;
        this.saveSoon(RETRY_MS[Math.min(this.retry++, RETRY_MS.length - 1)]);
      }
    } finally {
      this.saving = false;
    }
    this.onChange(this.state());
    if (this.again || (this.changed.size && !this.offline && !this.final)) {
      this.again = false;
      if (this.changed.size) this.saveSoon(0);
    }
  }

  async failed(err) {
    if (err.status === 0 || err.status >= 500) {
      // offline or the server is restarting: keep the answers here and try again later
      this.offline = true;
      this.saveSoon(RETRY_MS[Math.min(this.retry++, RETRY_MS.length - 1)]);
      return;
    }
    if (err.code === 'instrument_revision_stale') {
      await this.refresh();
      return;
    }
    if (err.code === 'instrument_time_up' || err.code === 'instrument_final') {
      await this.refresh();
      return;
    }
    this.error = err.message; // shown by the page; the answers stay here
  }

  /** Reloads the server's sheet (keeping the changes made here since the last save). */
  async refresh() {
    const r = await api('GET', `/api/cases/${encodeURIComponent(this.caseId)}/instruments`);
    const it = (r.instruments || []).find((x) => x.code === this.code);
    if (!it || !it.sheet) return;
    const keep = new Map([...this.changed].map((i) => [i, this.answers[i]]));
    this.offset = Date.parse(r.now) - Date.now();
    this.sheet = it.sheet;
    this.revision = it.sheet.revision;
    this.deadline = Date.parse(it.sheet.deadline_at);
    this.answers = it.sheet.answers.slice();
    this.changed = new Set();
    if (!this.final) {
      for (const [i, v] of keep) {
        this.answers[i] = v;
        this.changed.add(i);
      }
      this.persist();
      if (this.changed.size) this.saveSoon(0);
    } else {
      localStorage.removeItem(this.key);
    }
    this.onChange(this.state());
  }

  /** Submits: flushes the answers with the final request. sign(body) posts it (password flow). */
  async submit(sign) {
    clearTimeout(this.timer);
    const r = await sign(`/api/cases/${encodeURIComponent(this.caseId)}/instruments/${this.code}/submit`, { answers: this.answers.slice() });
    this.sheet = { ...this.sheet, ...r };
    this.changed = new Set();
    localStorage.removeItem(this.key);
    this.onChange(this.state());
    return r;
  }
}

/** "mm:ss" (or "h:mm:ss") of a remaining time. */
export function fmtRemaining(ms) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return hh ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

/** The questions of a sheet as form controls bound to the sheet. */
export function sheetFields(sheet, code, disabled) {
  const list = code === 'ia05' ? sheet.content.items : sheet.content.questions;
  return (list || []).map((q, i) => {
    const id = `q-${code}-${i}`;
    if (code === 'ia05') {
      return h(
        'fieldset',
        { class: 'fr-fieldset sheet-q', dataset: { q: String(i) } },
        h('legend', {}, `${i + 1}. ${q.question}`),
        h(
          'div',
          { class: 'fr-choices' },
          (q.options || []).map((opt, k) => {
            const letter = String.fromCharCode(97 + k);
            const oid = `${id}-${letter}`;
            return h(
              'div',
              { class: 'fr-choice' },
              h('input', {
                type: 'radio',
                id: oid,
                name: id,
                value: letter,
                checked: sheet.answers[i] === letter,
                disabled,
                onchange: () => sheet.set(i, letter),
              }),
              h('label', { for: oid }, `${letter}. ${opt}`),
            );
          }),
        ),
      );
    }
    const area = h('textarea', {
      id,
      name: id,
      rows: 6,
      maxlength: 8000,
      disabled,
      'aria-describedby': `${id}-hint`,
      oninput: (ev) => sheet.set(i, ev.target.value),
    });
    area.value = sheet.answers[i] || '';
    return h(
      'div',
      { class: 'field sheet-q', dataset: { q: String(i) } },
      h('label', { for: id }, `${i + 1}. ${q.question}`),
      h('p', { class: 'hint', id: `${id}-hint` }, t('asesmen.essay.hint')),
      area,
    );
  });
}
