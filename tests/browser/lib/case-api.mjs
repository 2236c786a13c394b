// Drives a certification case through the real HTTP API (no browser), for browser tests that
// start later in the workflow: journey.mjs's client and caseToScheduled(), then the steps of the
// demo journey up to a given stage, each asserting its status.

import { ApiClient as BaseClient, caseToScheduled } from './journey.mjs';

/** journey.mjs's client with expect(want, method, path, body): the status must be want. */
export class ApiClient extends BaseClient {
  async expect(want, method, path, body) {
    const r = await this.call(method, path, body);
    if (r.status !== want) throw new Error(`${method} ${path}: ${r.status} (want ${want}) ${JSON.stringify(r.json)}`);
    return r.json;
  }
}

/** A signed-in client of the demo account `<role>@demo.ujikom.id`. */
export async function as(base, role) {
  return new ApiClient(base).login(`${role}@demo.ujikom.id`);
}

const STAGES = ['SCHEDULED', 'PRE_ASSESSED', 'PLANNED', 'CONSENTED', 'ASSESSING'];

/**
 * Creates a case of the demo asesi on the demo scheme and takes it through the API up to `until`
 * (one of STAGES). Returns {caseId, skema, jadwalId}.
 */
export async function caseTo(base, until) {
  const stop = STAGES.indexOf(until);
  if (stop < 0) throw new Error(`caseTo: unknown stage ${until}`);
  const admin = await as(base, 'admin');
  const jadwal = (await admin.expect(200, 'GET', '/api/jadwal')).jadwal[0];
  const skema = await admin.expect(200, 'GET', `/api/skema/${jadwal.skema_id}`);
  const asesi = await as(base, 'asesi');
  const id = await caseToScheduled({ asesi, admin, scheme: skema, jadwalId: jadwal.id });
  if (stop === 0) return { caseId: id, skema, jadwalId: jadwal.id };
  const units = skema.units.map((u) => ({ code: u.code, elements: u.elements.map((e, k) => ({ key: String(k + 1), kompeten: 'BK' })) }));
  await asesi.expect(201, 'POST', `/api/cases/${id}/forms/FR.APL.02`, { data: { units, ttd_asesi: true } });
  await asesi.expect(200, 'POST', `/api/cases/${id}/events/apl02_submit`, {});
  const asesor = await as(base, 'asesor');
  await asesor.expect(201, 'POST', `/api/cases/${id}/forms/FR.APL.02`, { data: { rekomendasi: 'dapat_dilanjutkan', ttd_asesor: true } });
  await asesor.expect(200, 'POST', `/api/cases/${id}/events/apl02_continue`, {});
  if (stop === 1) return { caseId: id, skema, jadwalId: jadwal.id };
  await asesor.expect(200, 'POST', `/api/cases/${id}/events/plan_confirm`, { potensi_asesi: 1 });
  if (stop === 2) return { caseId: id, skema, jadwalId: jadwal.id };
  await asesor.expect(201, 'POST', `/api/cases/${id}/forms/FR.AK.01`, {
    data: {
      bukti_dikumpulkan: ['observasi_langsung', 'pertanyaan_tertulis', 'pertanyaan_lisan'],
      tanggal: new Date().toISOString().slice(0, 10),
      waktu: '09:00',
      tuk: 'TUK Sewaktu Daring',
      pernyataan_asesor: true,
      ttd_asesor: true,
    },
  });
  await asesi.expect(201, 'POST', `/api/cases/${id}/forms/FR.AK.01`, { data: { pernyataan_banding: true, pernyataan_persetujuan: true, ttd_asesi: true } });
  await asesor.expect(200, 'POST', `/api/cases/${id}/events/consent_sign`, {});
  if (stop === 3) return { caseId: id, skema, jadwalId: jadwal.id };
  await asesor.expect(200, 'POST', `/api/cases/${id}/events/assessment_start`, { identity_checked: true });
  return { caseId: id, skema, jadwalId: jadwal.id };
}
