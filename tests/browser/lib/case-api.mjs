// Drives a certification case through the real HTTP API (no browser), for browser tests that
// start later in the workflow: a cookie-jar client per account (CSRF header from the ujikom_csrf
// cookie) and the steps of the demo journey up to a given stage, each asserting its status.

const DEMO_PASSWORD = 'Demo-Ujikom-2026';

export class ApiClient {
  constructor(base) {
    this.base = base;
    this.cookies = new Map();
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  keep(res) {
    for (const c of res.headers.getSetCookie ? res.headers.getSetCookie() : []) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      this.cookies.set(pair.slice(0, i).trim(), pair.slice(i + 1).trim());
    }
  }

  /** method, path, body (object → JSON, Buffer → raw with contentType). Returns {status, json}. */
  async req(method, path, body, contentType) {
    const headers = { Accept: 'application/json', Origin: this.base };
    if (this.cookies.size) headers.Cookie = this.cookieHeader();
    if (this.cookies.has('ujikom_csrf')) headers['X-CSRF-Token'] = decodeURIComponent(this.cookies.get('ujikom_csrf'));
    let payload;
    if (Buffer.isBuffer(body)) {
      payload = body;
      headers['Content-Type'] = contentType || 'application/octet-stream';
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['Content-Type'] = 'application/json';
    }
    const res = await fetch(this.base + path, { method, headers, body: payload });
    this.keep(res);
    const text = await res.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status: res.status, json, text };
  }

  /** Like req, but throws unless the status is `want`. */
  async must(want, method, path, body, contentType) {
    const r = await this.req(method, path, body, contentType);
    if (r.status !== want) throw new Error(`${method} ${path}: ${r.status} (want ${want}) ${r.text.slice(0, 300)}`);
    return r.json;
  }

  async login(email, password = DEMO_PASSWORD) {
    await this.req('GET', '/api/session');
    await this.must(200, 'POST', '/api/session', { email, password });
    return this;
  }
}

/** A signed-in client of the demo account `<role>@demo.ujikom.id`. */
export async function as(base, role) {
  return new ApiClient(base).login(`${role}@demo.ujikom.id`);
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);

const STAGES = ['APL01_ACCEPTED', 'SCHEDULED', 'PRE_ASSESSED', 'PLANNED', 'CONSENTED', 'ASSESSING'];

/**
 * Creates a case of the demo asesi on the demo scheme and takes it through the API up to `until`
 * (one of STAGES). Returns {caseId, skema, jadwalId}.
 */
export async function caseTo(base, until) {
  const stop = STAGES.indexOf(until);
  if (stop < 0) throw new Error(`caseTo: unknown stage ${until}`);
  const admin = await as(base, 'admin');
  const jadwal = (await admin.must(200, 'GET', '/api/jadwal')).jadwal[0];
  const skema = await admin.must(200, 'GET', `/api/skema/${jadwal.skema_id}`);
  const asesi = await as(base, 'asesi');
  const kase = await asesi.must(201, 'POST', '/api/cases', { skema_id: skema.id });
  const id = kase.id;
  const rows = [];
  for (const [i, q] of (skema.requirements || []).entries()) {
    const key = q.ref ? String(q.ref) : String(i + 1);
    const pdf = (q.types || []).includes('pdf');
    const up = await asesi.must(
      201,
      'POST',
      `/api/cases/${id}/evidence?requirement=${encodeURIComponent(key)}&name=bukti`,
      pdf ? PDF : PNG,
      pdf ? 'application/pdf' : 'image/png',
    );
    rows.push({ key, berkas: [up.sha256] });
  }
  await asesi.must(201, 'POST', `/api/cases/${id}/forms/FR.APL.01`, {
    data: {
      nama_lengkap: 'Demo Asesi',
      nik: '3171011501900001',
      tempat_lahir: 'Jakarta',
      tanggal_lahir: '1990-01-15',
      jenis_kelamin: 'laki_laki',
      kebangsaan: 'Indonesia',
      alamat_rumah: 'Jl. Kenanga No. 5, Jakarta',
      kode_pos: '10110',
      hp: '081234567890',
      email: 'asesi@demo.ujikom.id',
      kualifikasi_pendidikan: 'd4_s1',
      tujuan_asesmen: 'sertifikasi',
      sumber_anggaran: 'mandiri',
      bukti_persyaratan: rows,
      ttd_pemohon: true,
    },
  });
  await asesi.must(200, 'POST', `/api/cases/${id}/events/apl01_submit`, {});
  await admin.must(201, 'POST', `/api/cases/${id}/forms/FR.APL.01`, {
    role: 'admin_lsp',
    data: { verifikasi_persyaratan: rows.map((r) => ({ key: r.key, status: 'ada_memenuhi' })), rekomendasi: 'diterima', ttd_admin: true },
  });
  await admin.must(200, 'POST', `/api/cases/${id}/events/apl01_accept`, {});
  if (stop === 0) return { caseId: id, skema, jadwalId: jadwal.id };
  await admin.must(200, 'POST', `/api/cases/${id}/events/schedule_assign`, { jadwal_id: jadwal.id });
  if (stop === 1) return { caseId: id, skema, jadwalId: jadwal.id };
  const units = skema.units.map((u) => ({ code: u.code, elements: u.elements.map((e, k) => ({ key: String(k + 1), kompeten: 'BK' })) }));
  await asesi.must(201, 'POST', `/api/cases/${id}/forms/FR.APL.02`, { data: { units, ttd_asesi: true } });
  await asesi.must(200, 'POST', `/api/cases/${id}/events/apl02_submit`, {});
  const asesor = await as(base, 'asesor');
  await asesor.must(201, 'POST', `/api/cases/${id}/forms/FR.APL.02`, { data: { rekomendasi: 'dapat_dilanjutkan', ttd_asesor: true } });
  await asesor.must(200, 'POST', `/api/cases/${id}/events/apl02_continue`, {});
  if (stop === 2) return { caseId: id, skema, jadwalId: jadwal.id };
  await asesor.must(200, 'POST', `/api/cases/${id}/events/plan_confirm`, { potensi_asesi: 1 });
  if (stop === 3) return { caseId: id, skema, jadwalId: jadwal.id };
  await asesor.must(201, 'POST', `/api/cases/${id}/forms/FR.AK.01`, {
    data: {
      bukti_dikumpulkan: ['observasi_langsung', 'pertanyaan_tertulis', 'pertanyaan_lisan'],
      tanggal: new Date().toISOString().slice(0, 10),
      waktu: '09:00',
      tuk: 'TUK Sewaktu Daring',
      pernyataan_asesor: true,
      ttd_asesor: true,
    },
  });
  await asesi.must(201, 'POST', `/api/cases/${id}/forms/FR.AK.01`, { data: { pernyataan_banding: true, pernyataan_persetujuan: true, ttd_asesi: true } });
  await asesor.must(200, 'POST', `/api/cases/${id}/events/consent_sign`, {});
  if (stop === 4) return { caseId: id, skema, jadwalId: jadwal.id };
  await asesor.must(200, 'POST', `/api/cases/${id}/events/assessment_start`, { identity_checked: true });
  return { caseId: id, skema, jadwalId: jadwal.id };
}
