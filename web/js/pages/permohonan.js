// One certification case (/permohonan?id=N) for its asesi and for staff: summary, the stage
// timeline (from the workflow table), the steps the signed-in user may take now ("allowed"), each
// opening a panel: a step that needs a form draws it with the generic renderer (the user's own
// part editable, the other parts read-only), uploads evidence into its file fields with progress,
// signs the part (asking for the password again when the login is older than 5 minutes) and then
// takes the step; other steps ask for a note, a schedule, the committee's SK number and minutes
// (decide_k / decide_bk) or BNSP's certificate numbers (certificate_record), checked here as the
// server checks them. Server errors are shown at the field they name. The outcome ("Hasil": the
// committee's decision, the certificate and its validity) shows once decided, with the appeal
// entry for the asesi while the scheme's appeal window is open and links to this case's appeals;
// during the assessment a link opens the assessment sheet (/asesmen). Below: the signed forms
// (read-only view), the assessment recordings of the case's remote sessions for who may watch them
// (GET /api/assessment/recordings?case_id=: posters linking to /rekaman?sesi=, state, who, the
// sealed manifest's hash) and the history.

import { api } from '../api.js';
import { $, $$, h, replaceChildren } from '../dom.js';
import { bindForm, showFormError } from '../forms.js';
import { SignCancelled, signedPost } from '../sign.js';
import { collectForm, fetchDefinition, renderForm, showFormErrors } from '../form-renderer.js';
import { fmtDate, has, locale, onLangChange, roleTitle, setText, t } from '../i18n.js';
import { hideNotice, initPage, markReady, showMessage, showPageMessage } from '../layout.js';
import { uploadEvidence, uploadProgress } from '../upload.js';
import { fmtOffset, partName } from '../session-events.js';
import {
  accountName,
  canonical,
  caseContext,
  eventName,
  fmtBytes,
  fmtTypes,
  purposeName,
  skemaDetail,
  stageName,
  timeline,
  transitions,
} from '../certification.js';

const { account, can } = await initPage();
const caseId = new URLSearchParams(location.search).get('id');

/** Values a step implies in the actor's part (the server checks the same: form_says_otherwise). */
const STEP_PRESET = {
  apl01_accept: { rekomendasi: 'diterima' },
  apl01_reject: { rekomendasi: 'tidak_diterima' },
  apl02_continue: { rekomendasi: 'dapat_dilanjutkan' },
  apl02_stop: { rekomendasi: 'tidak_dapat_dilanjutkan' },
};
const CAUTION = new Set(['apl01_reject', 'apl02_stop', 'decide_bk']);
const QUIET = new Set(['apl01_request_revision']);

let kase = null;
let skema = null;
let ctx = { requirements: [], units: [] };
let table = [];
let forms = [];
let evidence = [];
let jadwal = null;
let schedules = [];
let appeals = []; // appeals of this case the user may see (own, or every one with appeal.read)
let recSessions = []; // the case's remote sessions whose recordings the user may watch
let openStep = null; // the allowed step whose panel is open
let lastDone = null; // the stage reached by the last step taken here (for the notice)
const names = new Map();
const defs = new Map();
const pendingInputs = new WeakMap(); // File -> the file input it was chosen in
const bars = new WeakMap(); // .fr-file-field -> its progress bar


const isOwner = () => kase && account && kase.asesi_id === account.id;

function definition(code) {
  if (!defs.has(code)) {
    const p = fetchDefinition(code);
    defs.set(code, p);
    p.catch(() => defs.delete(code));
  }
  return defs.get(code);
}

function who(id) {
  if (account && id === account.id) return t('case.history.you');
  return names.get(id) || t('case.history.user', { id });
}

/** The latest signed version of one part of a form, or null. */
function latestPart(code, role) {
  let best = null;
  for (const f of forms) {
    if (f.code === code && f.role === role && (!best || f.version > best.version)) best = f;
  }
  return best;
}

/** The stored values of every part of a form the user may read, merged into one object. */
function mergedData(code) {
  const out = {};
  const roles = [...new Set(forms.filter((f) => f.code === code).map((f) => f.role))];
  for (const r of roles) {
    const p = latestPart(code, r);
    if (p && p.data && typeof p.data === 'object') Object.assign(out, p.data);
  }
  return out;
}

/** The part of def the signed-in user fills, as the server decides it (cert_actor_part_role). */
function partRole(def, step) {
  if (step && step.role) return step.role;
  const signers = def.signers || (def.parts || []).map((p) => p.role);
  if (isOwner()) return 'asesi';
  if (signers.includes('asesor') && (account.roles || []).includes('asesor')) return 'asesor';
  return signers.find((r) => r !== 'asesi' && r !== 'asesor') || null;
}

function fieldNames(def, role) {
  return new Set((def.parts || []).filter((p) => p.role === role).flatMap((p) => (p.fields || []).map((f) => f.name)));
}

function only(obj, allowed) {
  const out = {};
  for (const [k, v] of Object.entries(obj)) if (allowed.has(k) && v !== undefined && v !== null && v !== '') out[k] = v;
  return out;
}

/** The requirement key of a file field path ("bukti_persyaratan[2].berkas" → the 3rd row's key),
 *  or undefined for evidence that belongs to no requirement (FR.APL.02). */
function requirementKey(def, path) {
  const m = /^([A-Za-z0-9_]+)\[(\d+)\]/.exec(path || '');
  if (!m) return undefined;
  const field = (def.parts || []).flatMap((p) => p.fields || []).find((f) => f.name === m[1]);
  if (!field || field.repeat !== 'requirements') return undefined;
  const row = ctx.requirements[Number(m[2])];
  return row ? row.key : undefined;
}

function fileInfo(sha) {
  const ev = evidence.find((e) => e.sha256 === sha);
  return ev ? { name: ev.filename, url: `/api/cases/${encodeURIComponent(caseId)}/evidence/${sha}` } : null;
}

const MIME = { pdf: 'application/pdf', jpg: 'image/jpeg', png: 'image/png' };

/**
 * What the generic renderer cannot know, added to a drawn form (and again after it redraws on a
 * language switch): each requirement row names its evidence, file types and size limit, and its
 * file input accepts only those types; parts of other signers that are not signed yet, or whose
 * content the server does not show this user, are folded to their heading with a note.
 */
function decorate(container, def, role) {
  for (const field of (def.parts || []).flatMap((p) => p.fields || [])) {
    if (field.repeat !== 'requirements') continue;
    ctx.requirements.forEach((r, i) => {
      const row = $(`li.fr-row[data-path="${CSS.escape(`${field.name}[${i}]`)}"]`, container);
      if (!row) return;
      row.dataset.requirement = r.key;
      const types = Array.isArray(r.types) && r.types.length ? r.types : ['pdf', 'jpg', 'png'];
      const file = $('input[type=file]', row);
      if (file) file.accept = types.map((x) => MIME[x]).filter(Boolean).join(',');
      if ($('.req-hint', row)) return;
      const text = [r.evidence ? t('skema.req.evidence', { text: r.evidence }) : null, t('skema.req.files', { types: fmtTypes(types), size: fmtBytes(r.max_bytes || 2097152) })];
      const title = $('.fr-row-title', row);
      const hint = h(
        'p',
        { class: 'hint req-hint' },
        r.applies_to && has(`skema.req.applies.${r.applies_to}`) ? h('span', { class: 'badge badge-muted' }, t(`skema.req.applies.${r.applies_to}`)) : null,
        ' ',
        text.filter(Boolean).join(' '),
      );
      if (title) title.after(hint);
      else row.prepend(hint);
    });
  }
  for (const sec of $$('section.fr-part[data-role]', container)) {
    const r = sec.dataset.role;
    if (r === role) continue;
    const signed = latestPart(def.code, r);
    const key = !signed ? 'case.partPending' : !signed.data ? 'case.partHidden' : null;
    sec.classList.toggle('fr-folded', !!key);
    const old = $('.part-note', sec);
    if (old) old.remove();
    if (key) sec.append(h('p', { class: 'part-note muted' }, t(key)));
  }
}

/** Forms drawn on this page with what decorate() needs, redecorated after a language switch. */
const drawn = new Map(); // container -> {def, role}

function draw(container, def, opts) {
  renderForm(container, def, opts);
  drawn.set(container, { def, role: opts.readOnly ? null : opts.role });
  decorate(container, def, opts.readOnly ? null : opts.role);
}

/* ---------- loading ---------- */

async function load() {
  const base = `/api/cases/${encodeURIComponent(caseId)}`;
  const [c, f, ev] = await Promise.all([api('GET', base), api('GET', `${base}/forms`), api('GET', `${base}/evidence`)]);
  kase = c;
  forms = (f && f.forms) || [];
  evidence = (ev && ev.evidence) || [];
  if (!skema || String(skema.id) !== String(kase.skema_id)) {
    skema = await skemaDetail(kase.skema_id);
    if (skema.id === undefined) skema.id = kase.skema_id;
    ctx = caseContext(skema);
  }
  if (!table.length) table = await transitions();
  appeals = [];
  if (kase.decision && (isOwner() || can('appeal.read'))) {
    // GET /api/appeals has no case filter: the newest 50 (own, or all for appeal.read)
    const res = await api('GET', '/api/appeals').catch(() => null);
    appeals = ((res && res.appeals) || []).filter((a) => String(a.case_id) === String(kase.id));
  }
  recSessions = [];
  if (kase.jadwal_id) {
    // only the sessions the user may watch; 404 (no part in the case) or an empty list hides it
    const rec = await api('GET', `/api/assessment/recordings?case_id=${encodeURIComponent(kase.id)}`).catch(() => null);
    recSessions = (rec && rec.sessions) || [];
  }
  jadwal = null;
  if (kase.jadwal_id && can('jadwal.read')) {
    jadwal = await api('GET', `/api/jadwal/${encodeURIComponent(kase.jadwal_id)}`).catch(() => null);
  }
  const ids = [...new Set([kase.asesi_id, ...(kase.events || []).map((e) => e.actor_id)])].filter((id) => !names.has(id));
  const found = await Promise.all(ids.map((id) => accountName(id, can('accounts.account.read'))));
  ids.forEach((id, i) => found[i] && names.set(id, found[i]));
}

/* ---------- drawing ---------- */

function fact(labelKey, ...value) {
  return h('div', {}, h('dt', {}, t(labelKey)), h('dd', {}, ...value));
}

function scheduleText(j) {
  const mode = has(`case.mode.${j.mode}`) ? t(`case.mode.${j.mode}`) : j.mode;
  return t('case.scheduleText', { start: fmtDate(j.start_local || j.start_at), zone: j.zone || '', mode, tuk: (j.tuk && j.tuk.name) || '' });
}

function renderSummary() {
  setText($('#case-title'), 'case.heading', { id: kase.id });
  document.title = `${t('case.heading', { id: kase.id })} — ${t('app.name')}`;
  replaceChildren(
    $('#summary'),
    fact('case.scheme', h('a', { href: `/skema?id=${encodeURIComponent(kase.skema_id)}` }, skema.title || ''), h('span', { class: 'muted case-number' }, ` ${skema.number || ''}`)),
    fact('case.purpose', purposeName(kase.purpose)),
    fact('case.stage', h('span', { class: 'badge badge-stage', id: 'stage-badge', dataset: { stage: kase.state } }, stageName(kase.state))),
    fact('case.since', fmtDate(kase.state_since)),
    kase.due_at ? fact('case.due', fmtDate(kase.due_at)) : null,
    isOwner() ? null : fact('case.applicant', who(kase.asesi_id)),
    jadwal ? fact('case.schedule', scheduleText(jadwal)) : null,
    kase.parent_case_id
      ? fact('outcome.parentCase', h('a', { href: `/permohonan?id=${encodeURIComponent(kase.parent_case_id)}` }, t('case.heading', { id: kase.parent_case_id })))
      : null,
  );
  const back = $('#back');
  const decisionQueue = ['PROCESS_REVIEWED', 'DECIDED_K'].includes(kase.state) && (can('cert.decision.make') || can('cert.certificate.record'));
  if (isOwner()) {
    back.href = '/sertifikasi';
    setText(back, 'case.back');
    $('#back-row').hidden = false;
  } else if (decisionQueue) {
    back.href = '/admin/keputusan';
    setText(back, 'outcome.backDecisions');
    $('#back-row').hidden = false;
  } else if (can('cert.apl01.verify')) {
    back.href = '/admin/verifikasi';
    setText(back, 'case.backVerify');
    $('#back-row').hidden = false;
  }
}

let timelineAll = false;

/** The stages, current one marked; on a phone only the two before and after it unless all are
 *  asked for (sertifikasi.css shows every stage on wider screens). */
function renderTimeline() {
  const items = timeline(table, kase.state, kase.events || []);
  const ci = items.findIndex((it) => it.status === 'current');
  const far = items.filter((it, i) => Math.abs(i - ci) > 2).length;
  const list = $('#timeline');
  list.classList.toggle('tl-all', timelineAll);
  replaceChildren(
    list,
    items.map((it, i) =>
      h(
        'li',
        {
          class: `tl-item tl-${it.status}${it.side ? ' tl-side' : ''}${Math.abs(i - ci) > 2 ? ' tl-far' : ''}`,
          dataset: { state: it.state, status: it.status },
          'aria-current': it.status === 'current' ? 'step' : null,
        },
        h('span', { class: 'tl-marker', 'aria-hidden': 'true' }, it.status === 'done' ? '✓' : String(i + 1)),
        h('span', { class: 'tl-name' }, stageName(it.state)),
        h('span', { class: 'visually-hidden' }, ` (${t(`case.timeline.${it.status}`)})`),
      ),
    ),
  );
  const old = $('#timeline-toggle');
  if (old) old.remove();
  if (far > 0) {
    list.after(
      h(
        'button',
        {
          type: 'button',
          id: 'timeline-toggle',
          class: 'btn btn-small btn-secondary tl-toggle',
          'aria-controls': 'timeline',
          'aria-expanded': timelineAll ? 'true' : 'false',
          onclick: () => {
            timelineAll = !timelineAll;
            renderTimeline();
            $('#timeline-toggle').focus();
          },
        },
        timelineAll ? t('case.timeline.showLess') : t('case.timeline.showAll', { n: items.length }),
      ),
    );
  }
}

function revisionNote() {
  if (kase.state !== 'APL01_REVISION') return null;
  const ev = [...(kase.events || [])].reverse().find((e) => e.to === 'APL01_REVISION' && e.note);
  return ev ? ev.note : null;
}

/** Parts the user may sign now that no step of theirs covers (the asesi's FR.AK.01 while the
 *  assessor's consent step waits for both signatures), as steps that only sign. */
function signOnlySteps() {
  const allowed = kase.allowed || [];
  return (kase.signable || [])
    .filter((p) => !p.signed && !allowed.some((s) => s.form === p.form && (s.role || p.role) === p.role))
    .map((p) => ({ event: `sign:${p.form}`, form: p.form, role: p.role, signOnly: true }));
}

function stepName(step) {
  return step.signOnly ? t('case.signOnly', { form: step.form }) : eventName(step.event);
}

function renderSteps() {
  const allowed = [...(kase.allowed || []), ...signOnlySteps()];
  const none = $('#steps-none');
  const box = $('#step-buttons');
  const note = revisionNote();
  const prev = $('#revision-note');
  if (prev) prev.remove();
  if (note) box.before(h('p', { class: 'notice notice-warn', id: 'revision-note' }, t('case.revisionNote', { note })));
  if (!allowed.length) {
    const terminal = !table.some((tr) => tr.from === kase.state);
    setText(none, isOwner() && !terminal ? 'case.steps.waitAsesi' : 'case.steps.none');
    none.hidden = false;
    replaceChildren(box);
    return;
  }
  none.hidden = true;
  replaceChildren(
    box,
    allowed.map((s) =>
      h(
        'button',
        {
          type: 'button',
          class: `btn ${CAUTION.has(s.event) ? 'btn-danger-outline' : QUIET.has(s.event) ? 'btn-secondary' : 'btn-primary'}`,
          dataset: { event: s.event },
          'aria-controls': 'step-panel',
          'aria-expanded': openStep === s.event ? 'true' : 'false',
          onclick: () => openPanel(s),
        },
        stepName(s),
      ),
    ),
  );
}

function renderForms() {
  const list = $('#signed-forms');
  const codes = [...new Set(forms.map((f) => f.code))];
  if (!codes.length) {
    replaceChildren(list, h('li', { class: 'muted' }, t('case.forms.empty')));
    return;
  }
  replaceChildren(
    list,
    codes.map((code) => {
      const roles = [...new Set(forms.filter((f) => f.code === code).map((f) => f.role))];
      return h(
        'li',
        { class: 'signed-form', dataset: { form: code } },
        h(
          'ul',
          { class: 'signed-parts' },
          roles.map((r) => {
            const p = latestPart(code, r);
            return h(
              'li',
              { dataset: { role: r, version: String(p.version) } },
              t('case.forms.part', { code, role: roleTitle(r), version: p.version }),
              h('span', { class: 'muted' }, ` · ${t('case.forms.signedAt', { date: fmtDate(p.signed_at) })}`),
            );
          }),
        ),
        code.startsWith('FR.IA.')
          ? h('a', { class: 'btn btn-small btn-secondary', href: `/asesmen?case=${encodeURIComponent(kase.id)}`, dataset: { view: code } }, t('case.forms.viewOnAssessment'))
          : h('button', { type: 'button', class: 'btn btn-small btn-secondary', 'aria-label': t('case.forms.viewLabel', { code }), dataset: { view: code }, onclick: () => viewForm(code) }, t('case.forms.view')),
      );
    }),
  );
}

/* ---------- assessment recordings (evidence) ---------- */

const REC_BADGE = { final: 'badge-ok', failed: 'badge-warn', purged: 'badge-muted', recording: 'badge-muted', processing: 'badge-muted' };

/** The word for a recording's state: still recording while its session runs, then processing. */
function recState(sess, r) {
  if (r.state === 'recording') return sess.state === 'open' ? 'recording' : 'processing';
  return ['final', 'failed', 'purged'].includes(r.state) ? r.state : 'processing';
}

function retentionText(ret) {
  if (!ret) return null;
  if (ret.held_by) return has(`case.rec.held.${ret.held_by}`) ? t(`case.rec.held.${ret.held_by}`) : null;
  return ret.retain_until ? t('case.rec.keepUntil', { date: fmtDay(ret.retain_until) }) : null;
}

function personText(p) {
  return t('case.rec.person', { name: p.name || t('sesi.someone', { id: p.account_id }), role: partName(p.role) });
}

/** The manifest hash, shortened, its full value in the title and a copy button. */
function manifestHash(sess) {
  if (!sess.manifest_sha256) return h('p', { class: 'muted rec-manifest' }, t('case.rec.manifestNone'));
  const full = sess.manifest_sha256;
  const code = h('code', { class: 'hash', title: full, dataset: { sha256: full } }, `${full.slice(0, 12)}…${full.slice(-8)}`);
  const btn = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-small btn-secondary rec-copy',
      'aria-label': t('case.rec.copyLabel', { id: sess.id }),
      onclick: async () => {
        try {
          await navigator.clipboard.writeText(full);
        } catch {
          // no clipboard (an insecure origin, or refused): select the full value for Ctrl+C
          code.textContent = full;
          getSelection().selectAllChildren(code);
        }
        btn.textContent = t('case.rec.copied');
      },
    },
    t('case.rec.copy'),
  );
  return h('p', { class: 'rec-manifest' }, h('span', { class: 'muted' }, `${t('case.rec.manifest')} `), code, ' ', btn);
}

function recItem(sess, r) {
  const state = recState(sess, r);
  const who = personText({ account_id: r.account_id, name: r.name, role: r.role });
  const label = t('case.rec.posterLabel', { id: r.id, who });
  const pic = r.poster
    ? h('img', { src: r.poster, alt: label, width: '160', height: '120', loading: 'lazy', decoding: 'async' })
    : h('span', { class: 'rec-noposter' }, t(state === 'final' ? 'case.rec.noPoster' : `case.rec.state.${state}`));
  const meta = [r.duration_ms ? fmtOffset(r.duration_ms) : null, r.bytes ? fmtBytes(r.bytes) : null].filter(Boolean).join(' · ');
  return h(
    'li',
    { class: 'rec-item', dataset: { rec: String(r.id), state } },
    h('a', { class: 'rec-thumb', href: sess.link, 'aria-label': r.poster ? null : label }, pic),
    h('span', { class: 'rec-who' }, who),
    h('span', { class: 'rec-meta' }, h('span', { class: `badge ${REC_BADGE[state]}` }, t(`case.rec.state.${state}`)), meta ? ` ${meta}` : '', r.truncated ? ' ' : '', r.truncated ? h('span', { class: 'badge badge-warn' }, t('case.rec.truncated')) : null),
  );
}

function renderRecordings() {
  const sec = $('#recordings');
  if (!recSessions.length) {
    sec.hidden = true;
    replaceChildren($('#rec-sessions'));
    return;
  }
  replaceChildren(
    $('#rec-sessions'),
    recSessions.map((sess) => {
      const when = [fmtDate(sess.opened_at), sess.duration_ms !== null && sess.duration_ms !== undefined ? t('case.rec.duration', { d: fmtOffset(sess.duration_ms) }) : null].filter(Boolean).join(' · ');
      const keep = retentionText(sess.retention);
      return h(
        'article',
        { class: 'rec-session', dataset: { sesi: String(sess.id), state: sess.state } },
        h(
          'h3',
          { class: 'rec-session-head' },
          t('case.rec.session', { id: sess.id }),
          ' ',
          h('span', { class: `badge ${sess.state === 'open' ? 'badge-muted' : 'badge-ok'}` }, t(sess.state === 'open' ? 'case.rec.sessionOpen' : 'case.rec.sessionEnded')),
        ),
        h('p', { class: 'muted rec-when' }, when),
        h('p', { class: 'rec-people' }, t('case.rec.people', { names: (sess.participants || []).map(personText).join(', ') })),
        sess.recordings.length ? h('ul', { class: 'rec-posters' }, sess.recordings.map((r) => recItem(sess, r))) : h('p', { class: 'muted' }, t('case.rec.none')),
        manifestHash(sess),
        keep ? h('p', { class: 'muted rec-keep' }, keep) : null,
        h('p', {}, h('a', { class: 'btn btn-small btn-secondary rec-open', href: sess.link, 'aria-label': t('case.rec.openLabel', { id: sess.id }) }, t('case.rec.open'))),
      );
    }),
  );
  sec.hidden = false;
}

function renderHistory() {
  const items = [
    h(
      'li',
      { class: 'history-item', dataset: { event: 'created' } },
      h('p', { class: 'history-head' }, h('strong', {}, t('case.history.created')), ' ', h('span', { class: 'muted' }, t('case.history.by', { name: who(kase.asesi_id) }))),
      h('p', { class: 'history-meta' }, h('time', { datetime: kase.created_at }, fmtDate(kase.created_at))),
    ),
  ];
  for (const e of kase.events || []) {
    items.push(
      h(
        'li',
        { class: 'history-item', dataset: { event: e.event } },
        h('p', { class: 'history-head' }, h('strong', {}, eventName(e.event)), ' ', h('span', { class: 'muted' }, t('case.history.by', { name: who(e.actor_id) }))),
        h('p', { class: 'history-meta' }, h('time', { datetime: e.at }, fmtDate(e.at)), ' · ', `${stageName(e.from)} → ${stageName(e.to)}`),
        e.note ? h('p', { class: 'history-note' }, t('case.history.note', { note: e.note })) : null,
      ),
    );
  }
  replaceChildren($('#history'), items);
}

/* ---------- the outcome, the appeal entry, the assessment sheet ---------- */

const DAY_MS = 24 * 60 * 60 * 1000;
const APPEAL_OPEN = new Set(['FILED', 'TEAM_FORMED', 'IN_REVIEW']);

function resultName(r) {
  return has(`outcome.result.${r}`) ? t(`outcome.result.${r}`) : String(r || t('common.dash'));
}

/** A calendar date "YYYY-MM-DD" in the current language ("30 November 2026"). */
function fmtDay(v) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v || '');
  if (!m) return v ? String(v) : t('common.dash');
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'long', timeZone: 'UTC' }).format(d);
}

/** Today as "YYYY-MM-DD" in the browser's zone. */
function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** "YYYY-MM-DD" + n months, as the server computes valid_until (the day clamped to the month's end). */
function addMonths(day, n) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day || '');
  if (!m) return null;
  const total = Number(m[1]) * 12 + Number(m[2]) - 1 + Number(n);
  const y = Math.floor(total / 12);
  const mo = (total % 12) + 1;
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  const d = Math.min(Number(m[3]), last);
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** When the scheme's appeal window closes (decision + appeal_days calendar days), or null. */
function appealCloses() {
  const at = kase.decision && kase.decision.decided_at_ms;
  const days = Number(skema && skema.appeal_days);
  return at && days > 0 ? at + days * DAY_MS : null;
}

function appealLink(a) {
  const href = isOwner() ? `/banding?id=${encodeURIComponent(a.id)}` : `/admin/banding?id=${encodeURIComponent(a.id)}`;
  const state = has(`banding.state.${a.state}`) ? t(`banding.state.${a.state}`) : a.state;
  return h(
    'li',
    { dataset: { appeal: String(a.id), state: a.state } },
    h('a', { href }, t('outcome.appealItem', { receipt: a.receipt_number || `#${a.id}` })),
    ' ',
    h('span', { class: 'badge badge-stage' }, state),
  );
}

function renderAppealEntry() {
  if (!isOwner() && !can('appeal.read')) return null;
  const box = h('div', { class: 'outcome-appeal', id: 'outcome-appeal' }, h('h3', {}, t('outcome.appealTitle')));
  if (appeals.length) box.append(h('ul', { class: 'appeal-links', id: 'appeal-links' }, appeals.map(appealLink)));
  if (!isOwner()) {
    if (!appeals.length) box.append(h('p', { class: 'muted' }, t('outcome.appealNone')));
    return box;
  }
  if (appeals.some((a) => APPEAL_OPEN.has(a.state))) {
    box.append(h('p', { class: 'muted' }, t('outcome.appealRunning')));
    return box;
  }
  const closes = appealCloses();
  if (closes && Date.now() > closes) {
    box.append(h('p', { class: 'muted', id: 'appeal-closed' }, t('outcome.appealClosed', { date: fmtDate(closes) })));
    return box;
  }
  box.append(
    h('p', {}, closes ? t('outcome.appealUntil', { date: fmtDate(closes) }) : t('outcome.appealRight')),
    h(
      'p',
      { class: 'button-row' },
      h('a', { class: `btn ${kase.decision.result === 'BK' ? 'btn-primary' : 'btn-secondary'}`, id: 'appeal-file', href: `/banding?case=${encodeURIComponent(kase.id)}` }, t('outcome.appealFile')),
    ),
  );
  return box;
}

function renderOutcome() {
  const sec = $('#outcome');
  const d = kase.decision;
  if (!d) {
    sec.hidden = true;
    replaceChildren($('#outcome-body'));
    return;
  }
  const c = kase.certificate;
  const parts = [
    h(
      'div',
      { class: `outcome-result outcome-${d.result === 'K' ? 'k' : 'bk'}`, id: 'outcome-result', dataset: { result: d.result } },
      h('span', { class: 'outcome-label' }, t('outcome.decision')),
      h('strong', { class: 'outcome-value' }, resultName(d.result)),
    ),
    h(
      'dl',
      { class: 'facts outcome-facts' },
      fact('outcome.sk', h('span', { class: 'break', id: 'outcome-sk' }, d.sk_number || t('common.dash'))),
      fact('outcome.decidedAt', fmtDate(d.decided_at_ms)),
    ),
    d.berita_acara
      ? h('details', { class: 'disclosure outcome-minutes' }, h('summary', {}, t('outcome.minutes')), h('p', { class: 'pre-wrap' }, d.berita_acara))
      : null,
  ];
  if (c) {
    const expired = c.valid_until && c.valid_until < today();
    parts.push(
      h(
        'div',
        { class: 'outcome-cert', id: 'outcome-cert' },
        h(
          'h3',
          {},
          t('outcome.certTitle'),
          ' ',
          h('span', { class: `badge ${expired ? 'badge-warn' : 'badge-ok'}`, id: 'cert-status' }, t(expired ? 'outcome.certExpired' : 'outcome.certValid')),
        ),
        h(
          'dl',
          { class: 'facts' },
          fact('outcome.certNumber', h('span', { class: 'break', dataset: { cert: 'certificate_number' } }, c.certificate_number)),
          fact('outcome.certRegistration', h('span', { class: 'break', dataset: { cert: 'registration_number' } }, c.registration_number)),
          fact('outcome.certBlanko', h('span', { class: 'break', dataset: { cert: 'blanko_number' } }, c.blanko_number)),
          fact('outcome.certIssued', h('span', { dataset: { cert: 'issue_date' } }, fmtDay(c.issue_date))),
          fact('outcome.certValidUntil', h('span', { dataset: { cert: 'valid_until' } }, fmtDay(c.valid_until))),
        ),
      ),
    );
  } else if (d.result === 'K') {
    parts.push(h('p', { class: 'notice notice-ok', id: 'cert-pending' }, t('outcome.certPending')));
  } else if (isOwner()) {
    parts.push(h('p', { id: 'bk-next' }, t('outcome.bkNext')));
  }
  parts.push(renderAppealEntry());
  replaceChildren($('#outcome-body'), parts);
  sec.hidden = false;
}

/** The assessment sheet (built on /asesmen): open during the assessment; the assigned assessor
 *  (the one who may take an assessor step now) also right before and after it. */
function renderAssessmentLink() {
  const row = $('#assessment-link-row');
  const asesorStep = !!(kase.viewer && kase.viewer.assigned_asesor);
  const show = kase.state === 'ASSESSING' || (asesorStep && ['CONSENTED', 'INSTRUMENTS_DONE'].includes(kase.state));
  row.hidden = !show;
  $('#assessment-link').href = `/asesmen?case=${encodeURIComponent(kase.id)}`;
  // the live video session (sesi.html) for the asesi and the assigned assessor
  const party = isOwner() || asesorStep;
  $('#session-link-row').hidden = !(party && ['PLANNED', 'CONSENTED', 'ASSESSING'].includes(kase.state));
  $('#session-link').href = `/sesi?case=${encodeURIComponent(kase.id)}`;
}

function renderNotice() {
  const el = $('#notice');
  if (!lastDone) {
    hideNotice(el);
    return;
  }
  showMessage(el, t('case.stepDone', { stage: stageName(lastDone) }), 'ok');
}

function renderAll() {
  renderSummary();
  renderAssessmentLink();
  renderOutcome();
  renderTimeline();
  renderSteps();
  renderForms();
  renderRecordings();
  renderHistory();
  renderNotice();
}

/* ---------- the step panel ---------- */

function submitLabel(step) {
  if (step.signOnly) return t('case.signOnly', { form: step.form });
  return step.form ? t('case.signAndDo', { step: eventName(step.event) }) : eventName(step.event);
}

function stepById(event) {
  return [...(kase.allowed || []), ...signOnlySteps()].find((s) => s.event === event);
}

/** Re-labels what the panel drew itself after a language switch (the form redraws itself). */
function relabelPanel() {
  if (!openStep) return;
  const step = stepById(openStep);
  if (!step) return;
  $('#step-title').textContent = stepName(step);
  const submit = $('#step-submit');
  if (submit) submit.textContent = submitLabel(step);
  for (const id of ['#step-recommendation', '#step-valid-until']) {
    const el = $(id);
    if (el && el.relabel) el.relabel();
  }
  for (const opt of $$('#step-jadwal option[data-jadwal]')) {
    const j = schedules.find((x) => String(x.id) === opt.value);
    if (j) opt.textContent = scheduleOption(j);
  }
}

function closePanel() {
  openStep = null;
  $('#step-panel').hidden = true;
  replaceChildren($('#step-host'));
  for (const b of $$('#step-buttons [data-event]')) b.setAttribute('aria-expanded', 'false');
}

/** "Cancel": closes the panel and returns the focus to the step's button. */
function cancelPanel() {
  const event = openStep;
  closePanel();
  const btn = event && $(`#step-buttons [data-event="${CSS.escape(event)}"]`);
  if (btn) btn.focus();
}

async function openPanel(step) {
  const panel = $('#step-panel');
  if (openStep === step.event && !panel.hidden) {
    panel.focus();
    return;
  }
  openStep = step.event;
  for (const b of $$('#step-buttons [data-event]')) b.setAttribute('aria-expanded', b.dataset.event === step.event ? 'true' : 'false');
  $('#step-title').textContent = stepName(step);
  const form = h(
    'form',
    { id: 'step-form', class: 'step-form', method: 'post', dataset: { event: step.event } },
    h('div', { class: 'form-error', role: 'alert', dataset: { formError: '' } }),
    h(
      'div',
      { class: 'form-actions button-row' },
      h('button', { type: 'submit', id: 'step-submit', class: `btn ${CAUTION.has(step.event) ? 'btn-danger-outline' : 'btn-primary'}` }, submitLabel(step)),
      h('button', { type: 'button', class: 'btn btn-secondary', dataset: { i18n: 'common.cancel' }, onclick: cancelPanel }, t('common.cancel')),
    ),
  );
  replaceChildren($('#step-host'), h('p', { class: 'muted' }, t('common.loading')));
  panel.hidden = false;
  try {
    if (step.form) await buildFormStep(form, step);
    else await buildPlainStep(form, step);
  } catch (err) {
    if (!err.redirecting) replaceChildren($('#step-host'), h('div', { class: 'notice notice-error', role: 'alert' }, err.message || t('common.error.generic')));
    return;
  }
  if (openStep !== step.event) return; // another step was chosen meanwhile
  replaceChildren($('#step-host'), form);
  bindForm(form, { validate: (values) => validateStep(step, values), onSubmit: () => submitStep(form, step) });
  panel.scrollIntoView({ block: 'start' });
  panel.focus({ preventScroll: true });
}

async function buildFormStep(form, step) {
  const def = await definition(step.form);
  const role = partRole(def, step.signOnly ? step : null);
  const mine = fieldNames(def, role);
  const data = mergedData(step.form);
  if (!latestPart(step.form, role) && role === 'asesi') {
    Object.assign(data, only({ nama_lengkap: account.name, email: account.email, hp: account.phone, tujuan_asesmen: kase.purpose }, mine));
  }
  Object.assign(data, only(STEP_PRESET[step.event] || {}, mine));
  form.dataset.role = role || '';
  form.dataset.form = step.form;
  // Which file input a chosen file came from (the renderer passes only the File to upload()):
  // this capturing listener runs before the input's own change handler.
  form.addEventListener(
    'change',
    (ev) => {
      const el = ev.target;
      if (el && el.type === 'file') for (const f of el.files || []) pendingInputs.set(f, el);
    },
    true,
  );
  draw(form, def, { context: ctx, data, role, upload: (file) => uploadFile(file, def), fileInfo });
}

function scheduleOption(j) {
  return t('case.jadwal.option', {
    start: fmtDate(j.start_local || j.start_at),
    zone: j.zone || '',
    tuk: (j.tuk && j.tuk.name) || '',
    enrolled: j.enrolled ?? 0,
    capacity: j.capacity ?? '',
  });
}

function labelled(id, key, control, hintKey) {
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id, dataset: { i18n: key } }, t(key)),
    hintKey ? h('p', { class: 'hint', id: `${id}-hint`, dataset: { i18n: hintKey } }, t(hintKey)) : null,
    control,
    h('p', { class: 'field-error', id: `${id}-error`, dataset: { errorFor: control.name }, 'aria-live': 'polite' }),
  );
}

/* What the committee's decision and the certificate record carry, with the server's limits
 * (cert_http.c read_step_input: trimmed UTF-8 bytes). */
const DECIDE = new Set(['decide_k', 'decide_bk']);
const STEP_FIELDS = {
  decide_k: { sk_number: [3, 100], berita_acara: [10, 20000] },
  decide_bk: { sk_number: [3, 100], berita_acara: [10, 20000] },
  certificate_record: { certificate_number: [1, 64], registration_number: [1, 64], blanko_number: [1, 64], issue_date: [10, 10] },
};
const utf8 = new TextEncoder();

function textControl(id, name, max, extra = {}) {
  return h('input', { type: 'text', id, name, maxlength: max, required: true, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': `${id}-hint ${id}-error`, ...extra });
}

function decisionFields(step) {
  const out = [];
  const ak02 = latestPart('FR.AK.02', 'asesor');
  const rec = ak02 && ak02.data ? ak02.data.rekomendasi : null;
  const want = step.event === 'decide_k' ? 'K' : 'BK';
  if (rec) {
    const p = h('p', { class: `notice ${rec === want ? 'notice-ok' : 'notice-warn'}`, id: 'step-recommendation', dataset: { recommendation: rec } });
    p.relabel = () => {
      p.textContent = t(rec === want ? 'decision.recommendation' : 'decision.recommendationDiffers', { result: resultName(rec) });
    };
    p.relabel();
    out.push(p);
  }
  out.push(labelled('step-sk', 'decision.sk', textControl('step-sk', 'sk_number', 100), 'decision.sk.hint'));
  const minutes = h('textarea', { id: 'step-minutes', name: 'berita_acara', rows: 8, maxlength: 20000, required: true, 'aria-describedby': 'step-minutes-hint step-minutes-error' });
  out.push(labelled('step-minutes', 'decision.minutes', minutes, 'decision.minutes.hint'));
  return out;
}

function certificateFields() {
  const months = Number(skema && skema.validity_months) || 36;
  const issue = h('input', { type: 'date', id: 'step-issue', name: 'issue_date', required: true, value: today(), max: '9999-12-31', 'aria-describedby': 'step-issue-hint step-issue-error step-valid-until' });
  const until = h('p', { class: 'hint', id: 'step-valid-until', 'aria-live': 'polite' });
  const showUntil = () => {
    const v = addMonths(issue.value, months);
    until.textContent = v ? t('decision.cert.validUntil', { date: fmtDay(v), months }) : '';
  };
  issue.addEventListener('input', showUntil);
  issue.addEventListener('change', showUntil);
  until.relabel = showUntil; // relabelPanel() calls it after a language switch
  showUntil();
  const issueField = labelled('step-issue', 'decision.cert.issueDate', issue, 'decision.cert.issueDate.hint');
  issueField.append(until);
  return [
    h('p', { class: 'notice notice-warn', id: 'step-cert-intro', dataset: { i18n: 'decision.cert.intro' } }, t('decision.cert.intro')),
    labelled('step-cert-number', 'decision.cert.number', textControl('step-cert-number', 'certificate_number', 64), 'decision.cert.number.hint'),
    labelled('step-reg-number', 'decision.cert.registration', textControl('step-reg-number', 'registration_number', 64), 'decision.cert.registration.hint'),
    labelled('step-blanko-number', 'decision.cert.blanko', textControl('step-blanko-number', 'blanko_number', 64, { inputmode: 'text' }), 'decision.cert.blanko.hint'),
    issueField,
  ];
}

/** The client side of the server's checks for the step's own fields: [{field, message}]. */
function validateStep(step, values) {
  const limits = STEP_FIELDS[step.event];
  if (!limits) return [];
  const out = [];
  for (const [name, [min, max]] of Object.entries(limits)) {
    const v = String(values[name] || '').trim();
    if (!v) continue; // "required" is reported by bindForm
    const n = utf8.encode(v).length;
    if (name === 'issue_date') {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
      const d = m && new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
      if (!m || !d || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) out.push({ field: name, message: t('decision.error.date') });
    } else if (n < min) out.push({ field: name, message: t('decision.error.short', { min }) });
    else if (n > max) out.push({ field: name, message: t('decision.error.long', { max }) });
  }
  return out;
}

async function buildPlainStep(form, step) {
  const fields = [];
  if (step.event === 'schedule_assign') {
    const today = new Date().toISOString().slice(0, 10);
    const res = await api('GET', `/api/jadwal?skema_id=${encodeURIComponent(kase.skema_id)}&from=${today}`);
    const now = Date.now();
    schedules = ((res && res.jadwal) || []).filter((j) => String(j.skema_id) === String(kase.skema_id) && Date.parse(j.start_at) > now);
    if (!schedules.length) {
      fields.push(h('p', { class: 'notice notice-warn', dataset: { i18n: 'case.jadwal.none' } }, t('case.jadwal.none')));
      $('#step-submit', form).disabled = true;
    } else {
      const select = h(
        'select',
        { id: 'step-jadwal', name: 'jadwal_id', required: true, 'aria-describedby': 'step-jadwal-hint step-jadwal-error' },
        schedules.map((j) => h('option', { value: String(j.id), dataset: { jadwal: String(j.id) } }, scheduleOption(j))),
      );
      fields.push(labelled('step-jadwal', 'case.jadwal', select, 'case.jadwal.hint'));
    }
  }
  if (step.event === 'plan_confirm') {
    const select = h(
      'select',
      { id: 'step-potensi', name: 'potensi_asesi', required: true, 'aria-describedby': 'step-potensi-hint step-potensi-error' },
      h('option', { value: '' }, t('case.potensi.choose')),
      [1, 2, 3, 4, 5].map((k) => h('option', { value: String(k) }, t(`asesmen.potensi.${k}`))),
    );
    fields.push(labelled('step-potensi', 'case.potensi', select, 'case.potensi.hint'));
  }
  if (step.event === 'assessment_start') {
    fields.push(
      h(
        'div',
        { class: 'field fr' },
        h(
          'div',
          { class: 'fr-choice' },
          h('input', { type: 'checkbox', id: 'step-identity', name: 'identity_checked', required: true, 'aria-describedby': 'step-identity-error' }),
          h('label', { for: 'step-identity', dataset: { i18n: 'case.identity' } }, t('case.identity')),
        ),
        h('p', { class: 'field-error', id: 'step-identity-error', dataset: { errorFor: 'identity_checked' }, 'aria-live': 'polite' }),
      ),
    );
  }
  if (DECIDE.has(step.event)) fields.push(...decisionFields(step));
  if (step.event === 'certificate_record') fields.push(...certificateFields());
  if (STEP_FIELDS[step.event]) {
    form.firstChild.after(...fields);
    return; // the minutes / the certificate data say it all: no separate note
  }
  const required = step.event === 'apl01_request_revision';
  const note = h('textarea', {
    id: 'step-note',
    name: 'note',
    rows: 4,
    maxlength: 2000,
    required,
    'aria-describedby': required ? 'step-note-hint step-note-error' : 'step-note-error',
  });
  fields.push(labelled('step-note', required ? 'case.noteRevision' : 'case.noteOptional', note, required ? 'case.noteRevision.hint' : null));
  form.firstChild.after(...fields);
}

/* ---------- uploads, signing, steps ---------- */

async function uploadFile(file, def) {
  const input = pendingInputs.get(file);
  const requirement = requirementKey(def, input ? input.name : '');
  const wrap = input ? input.closest('.fr-file-field') : null;
  let bar = wrap ? bars.get(wrap) : null;
  if (wrap && !bar) {
    bar = uploadProgress();
    bars.set(wrap, bar);
    ($('.fr-file-add', wrap) || wrap).append(bar.el);
  }
  if (bar) {
    bar.el.setAttribute('aria-label', t('case.upload.label', { name: file.name }));
    bar.el.dataset.state = 'uploading';
    bar.set(0);
  }
  try {
    const r = await uploadEvidence(caseId, file, { requirement, onProgress: bar ? (f) => bar.set(f) : undefined });
    if (bar) {
      bar.set(1);
      bar.el.dataset.state = 'done';
    }
    if (!evidence.some((e) => e.sha256 === r.sha256)) evidence.push(r);
    return { sha256: r.sha256, name: r.filename || file.name };
  } catch (err) {
    if (bar) {
      bar.reset();
      bar.el.dataset.state = 'failed';
    }
    throw err;
  }
}

/** Signs the user's part of form code; asks for the password when the server wants it. */
async function signPart(code, role, data) {
  const url = `/api/cases/${encodeURIComponent(caseId)}/forms/${encodeURIComponent(code)}`;
  const body = { data };
  if (role && role !== 'asesi' && role !== 'asesor') body.role = role;
  return signedPost(url, body);
}

async function submitStep(form, step) {
  try {
    if (step.form) {
      const role = form.dataset.role;
      const data = collectForm(form);
      const mine = latestPart(step.form, role);
      const same = mine && mine.case_state === kase.state && mine.data && canonical(mine.data) === canonical(data);
      if (!same) {
        const r = await signPart(step.form, role, data);
        forms.push({ ...r, data, case_state: kase.state, signed_at: new Date().toISOString(), signed_by: account.id });
      }
      if (step.signOnly) await afterSigning(step);
      else {
        try {
          await takeStep(step.event, {});
        } catch (err) {
          // A step that needs every signature (FR.AK.01, FR.AK.02): this part is signed, the
          // other side has not signed yet. Not a failure: say what the step waits for.
          if (err.code !== 'form_not_signed') throw err;
          await afterSigning(step, err.message);
        }
      }
    } else {
      const body = {};
      const note = $('#step-note', form);
      if (note && note.value.trim()) body.note = note.value.trim();
      const sel = $('#step-jadwal', form);
      if (sel) body.jadwal_id = Number(sel.value);
      const pot = $('#step-potensi', form);
      if (pot) body.potensi_asesi = Number(pot.value);
      const idc = $('#step-identity', form);
      if (idc) body.identity_checked = idc.checked;
      for (const name of Object.keys(STEP_FIELDS[step.event] || {})) {
        const el = form.elements.namedItem(name);
        if (el) body[name] = el.value.trim();
      }
      await takeStep(step.event, body);
    }
  } catch (err) {
    if (err instanceof SignCancelled) showFormError(form, t('case.sign.cancelled'));
    else if (step.form) showFormErrors(form, err);
    else throw err; // bindForm shows it at the field it names
  }
}

async function takeStep(event, body) {
  await api('POST', `/api/cases/${encodeURIComponent(caseId)}/events/${encodeURIComponent(event)}`, body);
  closePanel();
  $('#form-view').hidden = true;
  replaceChildren($('#form-view-host'));
  await load();
  lastDone = kase.state;
  renderAll();
  autoOpen();
  $('#notice').focus();
}

/** A part signed without a step of its own: the page reloads to show it and what is next. */
async function afterSigning(step, waiting) {
  closePanel();
  await load();
  renderAll();
  showMessage($('#notice'), waiting ? t('case.signedWaiting', { form: step.form, why: waiting }) : t('case.signedOnly', { form: step.form }), 'ok');
  $('#notice').focus();
}

/** The asesi's single next step (fill in FR.APL.01, FR.APL.02 ...) opens by itself. */
function autoOpen() {
  const allowed = kase.allowed || [];
  const sign = signOnlySteps();
  if (isOwner() && allowed.length === 1 && allowed[0].form && !sign.length) openPanel(allowed[0]);
  else if (isOwner() && !allowed.length && sign.length === 1) openPanel(sign[0]);
}

/* ---------- signed forms, read-only ---------- */

async function viewForm(code) {
  const box = $('#form-view');
  try {
    const def = await definition(code);
    const body = h('div', { class: 'form-view-body', dataset: { form: code } });
    replaceChildren($('#form-view-host'), body);
    draw(body, def, { context: ctx, data: mergedData(code), readOnly: true, fileInfo });
    box.hidden = false;
    box.scrollIntoView({ block: 'start' });
  } catch (err) {
    if (!err.redirecting) showMessage($('#page-error'), err.message);
  }
}

$('#form-view-close').addEventListener('click', () => {
  $('#form-view').hidden = true;
  replaceChildren($('#form-view-host'));
});

/* ---------- start ---------- */

async function main() {
  if (!caseId || !/^\d+$/.test(caseId)) {
    showPageMessage(t('case.noId'));
    return;
  }
  try {
    await load();
  } catch (err) {
    if (!err.redirecting) showPageMessage(err.message);
    return;
  }
  $('#case-body').hidden = false;
  renderAll();
  onLangChange(() => {
    renderAll();
    relabelPanel();
    for (const [c, d] of drawn) {
      if (c.isConnected) decorate(c, d.def, d.role);
      else drawn.delete(c);
    }
  });
  markReady();
  autoOpen();
}

await main();
