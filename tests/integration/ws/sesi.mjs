// The live session room (modules/assessment, /ws/sesi) against the real server with demo data. A
// case is taken through the API to CONSENTED (tests/browser/lib/case-api.mjs), then:
//  - opening the session: refused to the asesi and to an unassigned assessor; the assigned
//    assessor opens it (201), a second open returns the same session (200);
//  - handshake refusals: no session cookie, a stranger (another asesi), an account of another
//    role without the observe permission, a foreign Origin, a session that does not exist;
//  - assessor and asesi join: each gets "hello" and a room state listing both; a signal from the
//    assessor reaches only the asesi, tagged with the sender; a signal to a connection of another
//    room is refused ("peer_gone"); an observer (auditor) joins as "pengamat";
//  - the asesi reconnects: the state comes back at once and the timeline shows left/joined;
//  - events: the assessor records the identity check (pushed to the room with its offset); the
//    asesi may not; ending the session closes the door to new handshakes;
//  - a remote TUK verification session (A.IV.9): opened by a TUK verifier with the TUK's admin,
//    refused to an assessor and with an unknown participant; the room takes only its people;
//  - a sign-out closes the account's room connection (4003) within a tick;
//  - the ledger verifies.
// Prints "ok   - ..." / "FAIL - ..." lines and "N passed, M failed"; exits non-zero on failure.

import { as, caseTo } from '../../browser/lib/case-api.mjs';
import { registerAsesi } from '../../browser/lib/journey.mjs';
import { startServer } from '../../browser/lib/server.mjs';
import { checks, connect } from './client.mjs';


const { check, done } = checks();

/** /ws/sesi?sesi=id as client (client.mjs). */
function join(server, client, id, opts) {
  return connect(server.base, client, 'sesi', `sesi=${id}`, opts);
}

async function main() {
  const server = await startServer({ demo: true });
  try {
    const { caseId } = await caseTo(server.base, 'CONSENTED');
    const asesor = await as(server.base, 'asesor');
    const asesi = await as(server.base, 'asesi');
    const admin = await as(server.base, 'admin');
    const auditor = await as(server.base, 'auditor');

    let r = await asesi.call('POST', '/api/assessment/sessions', { case_id: caseId });
    check(r.status === 403, 'open: refused to the asesi (no permission)', String(r.status));
    r = await asesor.call('POST', '/api/assessment/sessions', { case_id: caseId });
    check(r.status === 201 && r.json.state === 'open', 'open: the assigned assessor opens the session', JSON.stringify(r.json));
    const id = r.json.id;
    check(r.json.participants.length >= 2 && r.json.participants.some((p) => p.role === 'asesi'), 'open: the asesi and the assessors are its participants');
    r = await asesor.call('POST', '/api/assessment/sessions', { case_id: caseId });
    check(r.status === 200 && r.json.id === id, 'open: a second open returns the same session');

    // a second asesi, a stranger to this case
    const other = await registerAsesi(server.base, { email: 'lain@example.id', name: 'Asesi Lain', nik: '3201014507950002', phone: '081311112222', password: 'Kopi-Tubruk-8814' });
    r = await other.call('GET', `/api/assessment/sessions/${id}`);
    check(r.status === 404, 'read: another asesi is told it does not exist', String(r.status));

    for (const [desc, client, opts, sessionId] of [
      ['no session cookie', null, {}, id],
      ['another asesi', other, {}, id],
      ['an admin without the observe permission', admin, {}, id],
      ['a foreign Origin', asesi, { origin: 'http://evil.example' }, id],
      ['a session that does not exist', asesor, {}, 999999],
    ]) {
      const c = join(server, client, sessionId, opts);
      check(!(await c.opened), `handshake refused: ${desc}`);
      c.ws.terminate();
    }

    const a = join(server, asesor, id);
    check(await a.opened, 'the assessor joins');
    const helloA = await a.next('hello');
    check(helloA && helloA.role === 'asesor', 'the assessor is told its role');
    const s = join(server, asesi, id);
    check(await s.opened, 'the asesi joins');
    const helloS = await s.next('hello');
    let st = await s.next('state');
    while (st && st.present.length < 2) st = await s.next('state');
    check(st && st.present.length === 2 && st.present.some((p) => p.role === 'asesor' && p.name), 'the room state lists both, with names', JSON.stringify(st));

    a.ws.send(JSON.stringify({ type: 'signal', to: helloS.conn, data: { sdp: 'v=0 offer' } }));
    const sig = await s.next('signal');
    check(sig && sig.from === helloA.conn && sig.data.sdp === 'v=0 offer', 'a signal reaches the addressed peer with the sender', JSON.stringify(sig));
    a.ws.send(JSON.stringify({ type: 'signal', to: 424242, data: {} }));
    const err = await a.next('error');
    check(err && err.error === 'peer_gone', 'a signal to a connection outside the room is refused');

    const o = join(server, auditor, id);
    check(await o.opened, 'an auditor joins as an observer');
    const helloO = await o.next('hello');
    check(helloO && helloO.role === 'pengamat', 'the observer is "pengamat"');

    // the asesi drops and comes back: state at once, timeline shows it
    s.ws.close();
    const back = join(server, asesi, id);
    check(await back.opened, 'the asesi reconnects');
    const st2 = await back.next('state');
    check(st2 && Array.isArray(st2.events) && st2.events.some((e) => e.kind === 'left'), 'a reconnecting asesi gets the room state and the timeline at once', JSON.stringify(st2 && st2.events));

    r = await asesi.call('POST', `/api/assessment/sessions/${id}/events`, { kind: 'identity_checked' });
    check(r.status === 403, 'events: the asesi may not record them');
    back.drain();
    r = await asesor.call('POST', `/api/assessment/sessions/${id}/events`, { kind: 'flag' });
    check(r.status === 422 && r.json.field === 'detail', 'events: a flag needs a note');
    r = await asesor.call('POST', `/api/assessment/sessions/${id}/events`, { kind: 'identity_checked', detail: 'KTP cocok dengan FR.APL.01' });
    check(r.status === 201, 'events: the assessor records the identity check');
    let pushed = await back.next('state');
    while (pushed && !pushed.events.some((e) => e.kind === 'identity_checked')) pushed = await back.next('state');
    const ev = pushed && pushed.events.find((e) => e.kind === 'identity_checked');
    check(ev && Number.isInteger(ev.offset_ms) && ev.offset_ms >= 0, 'events: pushed to the room with its offset into the session', JSON.stringify(ev));

    r = await asesor.call('POST', `/api/assessment/sessions/${id}/end`, {});
    check(r.status === 200 && r.json.state === 'ended', 'the assessor ends the session');
    const late = join(server, asesi, id);
    check(!(await late.opened), 'an ended session takes no new handshake');
    for (const c of [a, o, back, late]) c.ws.terminate();
    r = await asesi.call('GET', `/api/assessment/sessions?case_id=${caseId}`);
    check(r.status === 200 && r.json.sessions.length === 1 && r.json.sessions[0].state === 'ended', 'the case lists its session');
    // a sign-out ends the account's live connections (the module's tick, about once a minute)
    const second = await asesor.expect(201, 'POST', '/api/assessment/sessions', { case_id: caseId }).catch(() => null);
    if (second) {
      const leaving = await as(server.base, 'asesi');
      const lc = join(server, leaving, second.id);
      check(await lc.opened, 'sign-out: the asesi is in the room of a new session');
      const closed = new Promise((resolve) => lc.ws.on('close', (code) => resolve(code)));
      await leaving.expect(204, 'DELETE', '/api/session');
      const code = await Promise.race([closed, new Promise((r) => setTimeout(() => r('timeout'), 75000))]);
      check(code === 4003, 'sign-out: the room connection is closed (4003) within the next tick', String(code));
      await asesor.expect(200, 'POST', `/api/assessment/sessions/${second.id}/end`, {});
    } else {
      check(false, 'sign-out: a second session can be opened after the first ended');
    }

    // a remote TUK verification: the same machinery, opened by a TUK verifier with the TUK's admin
    const verifier = await as(server.base, 'verifikator-tuk');
    const tukId = (await admin.expect(200, 'GET', '/api/jadwal')).jadwal[0].tuk.id;
    const adminId = (await admin.expect(200, 'GET', '/api/session')).account.id;
    r = await asesor.call('POST', '/api/assessment/sessions', { tuk_id: tukId, participants: [adminId] });
    check(r.status === 403, 'TUK: an assessor cannot open a TUK verification');
    r = await verifier.call('POST', '/api/assessment/sessions', { tuk_id: tukId, participants: [999999] });
    check(r.status === 422 && r.json.field === 'participants[0]', 'TUK: an unknown participant is refused at its field', JSON.stringify(r.json));
    r = await verifier.call('POST', '/api/assessment/sessions', { tuk_id: tukId, participants: [adminId] });
    check(r.status === 201 && r.json.subject === 'tuk' && r.json.participants.some((p) => p.role === 'tuk') && r.json.you.role === 'verifikator', 'TUK: the verifier opens it with the TUK admin', JSON.stringify(r.json));
    const tukSession = r.json.id;
    const v = join(server, verifier, tukSession);
    const t = join(server, admin, tukSession);
    const x = join(server, asesi, tukSession);
    check((await v.opened) && (await t.opened) && !(await x.opened), 'TUK: the verifier and the TUK admin join, an asesi does not');
    r = await verifier.call('POST', `/api/assessment/sessions/${tukSession}/events`, { kind: 'note', detail: 'Ruang asesmen diperlihatkan 360 derajat.' });
    check(r.status === 201, 'TUK: the verifier records the timeline');
    for (const c of [v, t, x]) c.ws.terminate();

    const out = server.ledgerVerify();
    check(/OK/.test(out), 'ledger: "ujikom ledger verify" accepts the chain', out.trim());
  } finally {
    await server.stop();
  }
}

try {
  await main();
} catch (e) {
  check(false, 'the test ran to the end', e.stack || String(e));
}
done();
