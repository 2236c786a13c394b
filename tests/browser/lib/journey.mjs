// Drives certification cases through the real server's API for browser tests that need a case
// further along than the page under test: an API client with its own cookie jar and the CSRF
// header, registration of extra asesi, FR.APL.01 with generated evidence, the admin's acceptance
// and scheduling, and standInForInstruments(), which writes the server's SQLite file to skip the
// instrument and post-assessment stages: this file's tests are about the decision and appeal
// pages; test_asesmen.mjs and test_journey.mjs walk those stages on the real pages.

import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const DEMO_PASSWORD = 'Demo-Ujikom-2026';

/** A minimal PDF (the server decides the type from the bytes). */
export function pdfBytes(title) {
  const body = `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n% ${title}\ntrailer << /Root 1 0 R >>\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A 1x1 PNG header good enough for the type check (as tests/modules/test_cert_flow.c uses). */
export function pngBytes() {
  return Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
}

/** One signed-in API user: cookies kept between calls, CSRF header on state-changing ones. */
export class ApiClient {
  constructor(base) {
    this.base = base;
    this.cookies = new Map();
  }

  keep(res) {
    for (const c of res.headers.getSetCookie ? res.headers.getSetCookie() : []) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      if (value) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
  }

  /** Resolves with {status, json}; body is JSON unless opts.bytes (then opts.type is its type). */
  async call(method, p, body, opts = {}) {
    const headers = { Accept: 'application/json', Origin: this.base };
    if (this.cookies.size) headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (method !== 'GET') {
      if (!this.cookies.has('ujikom_csrf')) {
        const r = await fetch(this.base + '/api/session', { headers });
        this.keep(r);
        headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      }
      headers['X-CSRF-Token'] = this.cookies.get('ujikom_csrf') || '';
    }
    let payload;
    if (opts.bytes) {
      headers['Content-Type'] = opts.type;
      payload = opts.bytes;
    } else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(this.base + p, { method, headers, body: payload });
    this.keep(res);
    const text = await res.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status: res.status, json };
  }

  /** Like call(), but throws unless the status is one of ok. */
  async must(method, p, body, ok = [200, 201, 204], opts = {}) {
    const r = await this.call(method, p, body, opts);
    if (!ok.includes(r.status)) throw new Error(`${method} ${p}: ${r.status} ${JSON.stringify(r.json)}`);
    return r.json;
  }

  async login(email, password = DEMO_PASSWORD) {
    await this.must('POST', '/api/session', { email, password });
    const s = await this.must('GET', '/api/session');
    this.account = s.account;
    return this;
  }
}

/** A signed-in client for email. */
export async function signedIn(base, email, password = DEMO_PASSWORD) {
  return new ApiClient(base).login(email, password);
}

/** Registers an asesi (the NIK must pass the server's rules and be unused) and signs in. */
export async function registerAsesi(base, { email, name, nik, phone, password }) {
  const c = new ApiClient(base);
  await c.must('POST', '/api/accounts/register', { email, name, nik, phone, password });
  return c.login(email, password);
}

/** The requirement key as cert_context.c builds it: its ref, or its 1-based position. */
const reqKey = (r, i) => (r.ref ? String(r.ref) : String(i + 1));

/**
 * An asesi's case from creation to SCHEDULED through the API: evidence for every requirement,
 * FR.APL.01 signed and submitted; the admin marks every requirement, signs "diterima", accepts
 * and assigns the schedule. Resolves with the case id.
 */
export async function caseToScheduled({ asesi, admin, scheme, jadwalId }) {
  const c = await asesi.must('POST', '/api/cases', { skema_id: scheme.id, purpose: 'sertifikasi' });
  const id = c.id;
  const rows = [];
  for (const [i, r] of scheme.requirements.entries()) {
    const pdf = !Array.isArray(r.types) || r.types.includes('pdf');
    const key = reqKey(r, i);
    const up = await asesi.must('POST', `/api/cases/${id}/evidence?requirement=${encodeURIComponent(key)}&name=${pdf ? 'bukti.pdf' : 'foto.png'}`, undefined, [200, 201], {
      bytes: pdf ? pdfBytes(`bukti ${i + 1}`) : pngBytes(),
      type: pdf ? 'application/pdf' : 'image/png',
    });
    rows.push({ key, berkas: [up.sha256] });
  }
  const me = asesi.account;
  await asesi.must('POST', `/api/cases/${id}/forms/FR.APL.01`, {
    data: {
      nama_lengkap: me.name,
      nik: '3171011501900001',
      tempat_lahir: 'Jakarta',
      tanggal_lahir: '1990-01-15',
      jenis_kelamin: 'laki_laki',
      kebangsaan: 'Indonesia',
      alamat_rumah: 'Jl. Kenanga No. 5, Jakarta',
      kode_pos: '10110',
      hp: '081234567890',
      email: me.email,
      kualifikasi_pendidikan: 'd4_s1',
      tujuan_asesmen: 'sertifikasi',
      sumber_anggaran: 'mandiri',
      bukti_persyaratan: rows,
      ttd_pemohon: true,
    },
  });
  await asesi.must('POST', `/api/cases/${id}/events/apl01_submit`, {});
  await admin.must('POST', `/api/cases/${id}/forms/FR.APL.01`, {
    role: 'admin_lsp',
    data: {
      verifikasi_persyaratan: rows.map((r) => ({ key: r.key, status: 'ada_memenuhi' })),
      rekomendasi: 'diterima',
      ttd_admin: true,
    },
  });
  await admin.must('POST', `/api/cases/${id}/events/apl01_accept`, {});
  await admin.must('POST', `/api/cases/${id}/events/schedule_assign`, { jadwal_id: jadwalId });
  return id;
}

/** Runs SQL on the running server's database with the sqlite3 CLI (the server keeps WAL mode). */
export function sqlite(server, sql) {
  const db = path.join(server.dataDir, 'ujikom.db');
  const r = spawnSync('sqlite3', ['-bail', '-cmd', '.timeout 5000', db, sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sqlite3 ${sql}: ${r.stderr || r.error}`);
  return r.stdout;
}

/**
 * STAND-IN FOR THE INSTRUMENT STAGE (not built yet: assessment_start ... process_review need the
 * IA entry and the live session). Mirrors tests/modules/test_cert_flow.c: the case is written to
 * INSTRUMENTS_DONE in the database, the assigned assessor signs FR.AK.02 through the API with the
 * recommendation (the committee's guard recommendation_k / _bk reads that signed part), and the
 * case is written on to PROCESS_REVIEWED with the same recommendation. Replace this with the real
 * steps once the instrument stage exists.
 */
export async function standInForInstruments({ server, caseId, asesor, scheme, recommendation }) {
  sqlite(server, `UPDATE cert_cases SET state = 'INSTRUMENTS_DONE' WHERE id = ${Number(caseId)};`);
  const data = {
    units: scheme.units.map((u) => ({ code: u.code, metode: ['observasi_demonstrasi'], kompeten: recommendation })),
    rekomendasi: recommendation,
    ttd_asesor: true,
  };
  if (recommendation === 'BK') data.tindak_lanjut = 'Ulangi demonstrasi unit yang belum kompeten.';
  await asesor.must('POST', `/api/cases/${caseId}/forms/FR.AK.02`, { data });
  sqlite(server, `UPDATE cert_cases SET state = 'PROCESS_REVIEWED', recommendation = '${recommendation === 'BK' ? 'BK' : 'K'}' WHERE id = ${Number(caseId)};`);
}
