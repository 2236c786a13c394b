// WebSocket checks against the real server (started by tests/integration/test_ws*.sh through
// lib.sh). Prints "ok   - ..." / "FAIL - ..." / "note - ..." lines that the shell wrapper counts,
// and exits non-zero on any failure. Environment: BASE (http://127.0.0.1:PORT), SID_ASESI and
// SID_ADMIN (session cookies), SERVER_PID (for RSS). Modes (argv[2]):
//   main  handshake refusals, echo, fragments, limits, rooms, worker posts, ping, slow consumer
//   stop  opens connections, prints "ready", then reports the close codes when the server stops
//   idle  N idle connections (argv[3], default 1000): all open, all answer a ping; prints RSS
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../browser/package.json'));
const WebSocket = require('ws');

const BASE = process.env.BASE;
const WSBASE = BASE.replace(/^http/, 'ws');
const SID = { asesi: process.env.SID_ASESI, admin: process.env.SID_ADMIN };
let failed = 0;

function ok(desc) { console.log(`ok   - ${desc}`); }
function fail(desc, ...detail) {
  failed++;
  console.log(`FAIL - ${desc}`);
  for (const d of detail) console.log(`       ${d}`);
}
function check(cond, desc, ...detail) { if (cond) ok(desc); else fail(desc, ...detail); }
function note(s) { console.log(`note - ${s}`); }
const jparse = (m) => { try { return m ? JSON.parse(m.data.toString()) : null; } catch { return null; } };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Opens a WebSocket; resolves {ws, opened, err, status} once it opened or failed (bounded).
function connect(urlPath, proto, { who = 'asesi', origin = BASE, headers = {} } = {}) {
  const h = { ...headers };
  if (who && SID[who]) h.Cookie = `ujikom_sid=${SID[who]}`;
  const opts = { headers: h, handshakeTimeout: 10000, maxPayload: 64 << 20 };
  if (origin) opts.origin = origin;
  const ws = proto === null ? new WebSocket(WSBASE + urlPath, opts)
    : new WebSocket(WSBASE + urlPath, proto, opts);
  ws.binaryType = 'nodebuffer';
  return new Promise((resolve) => {
    let done = false;
    const finish = (r) => { if (!done) { done = true; resolve({ ws, ...r }); } };
    ws.on('open', () => finish({ opened: true }));
    ws.on('unexpected-response', (req, res) => { finish({ opened: false, status: res.statusCode }); ws.terminate(); });
    ws.on('error', (e) => finish({ opened: false, err: e.message }));
    ws.on('close', (code) => finish({ opened: false, code }));
  });
}

// A message queue per socket so tests can await "the next message".
function inbox(ws) {
  const q = [];
  const waiters = [];
  ws.on('message', (data, isBinary) => {
    const m = { data, isBinary };
    if (waiters.length) waiters.shift()(m); else q.push(m);
  });
  return {
    next(ms = 5000) {
      if (q.length) return Promise.resolve(q.shift());
      return new Promise((resolve) => {
        const t = setTimeout(() => { const i = waiters.indexOf(w); if (i >= 0) waiters.splice(i, 1); resolve(null); }, ms);
        const w = (m) => { clearTimeout(t); resolve(m); };
        waiters.push(w);
      });
    },
    pending() { return q.length; },
  };
}

function closed(ws, ms = 10000) {
  return new Promise((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) { resolve({ code: -1 }); return; }
    const t = setTimeout(() => resolve({ code: 'timeout' }), ms);
    ws.on('close', (code, reason) => { clearTimeout(t); resolve({ code, reason: reason.toString() }); });
  });
}

async function metrics() {
  const r = await fetch(`${BASE}/metrics`);
  return r.text();
}
function metric(text, name, labels) {
  const re = new RegExp(`^${name}\\{${labels.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\} (\\S+)$`, 'm');
  const m = text.match(re);
  return m ? Number(m[1]) : NaN;
}
const refused = (t, ch, why) => metric(t, 'ujikom_ws_refused_total', `channel="${ch}",reason="${why}"`);

async function expectRefused(desc, urlPath, proto, opts, counter) {
  const before = counter ? refused(await metrics(), counter[0], counter[1]) : 0;
  const r = await connect(urlPath, proto, opts);
  if (r.opened) { r.ws.terminate(); fail(`${desc}: refused`, 'the handshake succeeded'); return; }
  if (!counter) { ok(`${desc}: refused (${r.status ?? r.err ?? r.code})`); return; }
  const after = refused(await metrics(), counter[0], counter[1]);
  check(after === before + 1, `${desc}: refused, counted as ${counter[1]}`,
    `ujikom_ws_refused_total{channel="${counter[0]}",reason="${counter[1]}"} ${before} -> ${after}`);
}

async function expectOpen(desc, urlPath, proto, opts) {
  const r = await connect(urlPath, proto, opts);
  check(r.opened, `${desc}: opens`, `error: ${r.err ?? r.status ?? r.code}`);
  return r;
}

const bytes = (n, seed) => { const b = Buffer.alloc(n); for (let i = 0; i < n; i++) b[i] = (i * 31 + seed) & 0xff; return b; };

async function mainSuite() {
  // --- handshake ---------------------------------------------------------------------------
  let r = await expectOpen('echo with session and same Origin', '/ws/echo', 'echo');
  r.ws.close();
  await expectRefused('no session cookie', '/ws/echo', 'echo', { who: null }, ['echo', 'unauthenticated']);
  await expectRefused('unknown session cookie', '/ws/echo', 'echo', { who: null, headers: { Cookie: 'ujikom_sid=nope' } }, ['echo', 'unauthenticated']);
  await expectRefused('foreign Origin', '/ws/echo', 'echo', { origin: 'http://evil.example' }, ['echo', 'origin']);
  await expectRefused('Origin with another port', '/ws/echo', 'echo', { origin: BASE.replace(/:(\d+)$/, (m, p) => `:${Number(p) + 1}`) }, ['echo', 'origin']);
  await expectRefused('no Origin', '/ws/echo', 'echo', { origin: null }, ['echo', 'origin']);
  await expectRefused('unknown channel /ws/nope (subprotocol nope)', '/ws/nope', 'nope');
  await expectRefused('no subprotocol', '/ws/echo', null);
  await expectRefused('subprotocol "http"', '/ws/echo', 'http');
  await expectRefused('path of another channel', '/ws/echo-ops', 'echo', {}, ['echo', 'path']);
  await expectRefused('unknown path with a known subprotocol', '/ws/nope', 'echo', {}, ['echo', 'path']);
  await expectRefused('asesi lacks system.metrics.read for echo-ops', '/ws/echo-ops', 'echo-ops', { who: 'asesi' }, ['echo-ops', 'forbidden']);
  r = await expectOpen('admin holds system.metrics.read: echo-ops', '/ws/echo-ops', 'echo-ops', { who: 'admin' });
  r.ws.close();
  await expectRefused('repeated query argument', '/ws/echo?room=a&room=b', 'echo', {}, ['echo', 'args']);
  await expectRefused('bad room key refused by the module', '/ws/echo?room=a%20b', 'echo', {}, ['echo', 'module']);

  // --- echo ----------------------------------------------------------------------------------
  r = await expectOpen('echo for the data checks', '/ws/echo', 'echo');
  const { ws } = r;
  const box = inbox(ws);
  ws.send('halo, dunia ✓');
  let m = await box.next();
  check(m && !m.isBinary && m.data.toString() === 'halo, dunia ✓', 'text echoed', `got: ${m && m.data.toString().slice(0, 80)}`);
  const small = bytes(1000, 1);
  ws.send(small);
  m = await box.next();
  check(m && m.isBinary && Buffer.compare(m.data, small) === 0, 'binary echoed');
  const big = bytes(300 * 1024, 7); // > the 4 KiB rx buffer: many RECEIVE callbacks
  ws.send(big);
  m = await box.next();
  check(m && m.isBinary && Buffer.compare(m.data, big) === 0, '300 KiB binary (> rx_buffer_size) echoed whole');
  const bigText = 'x'.repeat(200 * 1024) + 'ujung';
  ws.send(bigText);
  m = await box.next();
  check(m && !m.isBinary && m.data.toString() === bigText, '200 KiB text echoed whole (sent back in 16 KiB fragments)');
  // one message in three frames (fin=false, continuation, fin=true)
  const parts = [bytes(5000, 2), bytes(7000, 3), bytes(10, 4)];
  ws.send(parts[0], { binary: true, fin: false });
  ws.send(parts[1], { binary: true, fin: false });
  ws.send(parts[2], { binary: true, fin: true });
  m = await box.next();
  const whole = Buffer.concat(parts);
  check(m && m.isBinary && Buffer.compare(m.data, whole) === 0, 'binary message in 3 frames reassembled', `got ${m && m.data.length} bytes, want ${whole.length}`);
  ws.send('satu ', { fin: false });
  ws.send('dua ', { fin: false });
  ws.send('tiga', { fin: true });
  m = await box.next();
  check(m && !m.isBinary && m.data.toString() === 'satu dua tiga', 'text message in 3 frames reassembled');
  ws.send(Buffer.alloc(0));
  m = await box.next();
  check(m && m.isBinary && m.data.length === 0, 'empty binary message echoed');
  const exact = bytes(1 << 20, 9);
  ws.send(exact);
  m = await box.next(15000);
  check(m && m.isBinary && Buffer.compare(m.data, exact) === 0, 'message of exactly max_message (1 MiB) echoed');
  // worker thread -> ws_post_text -> service thread
  ws.send(JSON.stringify({ defer: 'dari pekerja' }));
  m = await box.next();
  check(m && m.data.toString() === 'dari pekerja', 'text posted from a worker thread arrives (ws_post_text)');
  // flow control: after {"hold"} the server stops reading until a worker finishes, so an echo
  // sent after the "held" reply can only come back after "resumed"
  ws.send(JSON.stringify({ hold: 300 }));
  m = await box.next();
  check(jparse(m)?.held === 300, 'hold acknowledged (ws_pause)', `got ${m && m.data}`);
  ws.send('setelah jeda');
  m = await box.next();
  const second = await box.next();
  check(jparse(m)?.resumed === true && second && second.data.toString() === 'setelah jeda',
    'a message sent while paused is read only after ws_resume', `got ${m && m.data} then ${second && second.data}`);
  // ping is answered by the server
  const pong = new Promise((res) => { const t = setTimeout(() => res(false), 5000); ws.once('pong', () => { clearTimeout(t); res(true); }); });
  ws.ping('p');
  check(await pong, 'ping answered with pong');
  // over the limit -> 1009, in one frame and spread over frames
  const c1 = closed(ws);
  ws.send(bytes((1 << 20) + 1, 5));
  let c = await c1;
  check(c.code === 1009, 'message of max_message + 1 closes with 1009', `close code ${c.code}`);
  r = await expectOpen('echo for the invalid UTF-8 check', '/ws/echo', 'echo');
  const c3 = closed(r.ws);
  r.ws.send(Buffer.from([0x68, 0xff, 0xfe, 0x69]), { binary: false });
  c = await c3;
  check(c.code === 1007, 'a text message that is not UTF-8 closes with 1007', `close code ${c.code}`);
  r = await expectOpen('echo for the fragmented over-limit check', '/ws/echo', 'echo');
  const c2 = closed(r.ws);
  for (let i = 0; i < 5; i++) r.ws.send(bytes(256 * 1024, i), { binary: true, fin: false });
  r.ws.send(Buffer.from('end'), { binary: true, fin: true });
  c = await c2;
  check(c.code === 1009, 'fragments adding up past max_message close with 1009', `close code ${c.code}`);

  // --- rooms ----------------------------------------------------------------------------------
  const A = await expectOpen('room member A', '/ws/echo', 'echo');
  const B = await expectOpen('room member B (joins with ?room=r1)', '/ws/echo?room=r1', 'echo');
  const C = await expectOpen('non-member C (room r2)', '/ws/echo?room=r2', 'echo');
  const ba = inbox(A.ws); const bb = inbox(B.ws); const bc = inbox(C.ws);
  A.ws.send(JSON.stringify({ join: 'r1' }));
  m = await ba.next();
  let j = jparse(m);
  check(j && j.joined === 'r1' && j.members === 2, 'A joins r1 with B already there', `got ${m && m.data}`);
  A.ws.send(JSON.stringify({ say: 'selamat pagi' }));
  m = await bb.next();
  j = jparse(m);
  check(j && j.room === 'r1' && j.say === 'selamat pagi', 'B receives what A said in r1', `got ${m && m.data}`);
  m = await ba.next();
  j = jparse(m);
  check(j && j.said === 1, 'A is told one member was reached', `got ${m && m.data}`);
  A.ws.send('penanda');
  m = await ba.next();
  check(m && m.data.toString() === 'penanda', 'A does not receive its own broadcast (next message is the marker)', `got ${m && m.data}`);
  C.ws.send('c-penanda');
  m = await bc.next();
  check(m && m.data.toString() === 'c-penanda', 'C (room r2) does not receive the r1 broadcast', `got ${m && m.data}`);
  // B leaves by closing: the room shrinks by itself
  const bclosed = closed(B.ws);
  B.ws.close(1000);
  await bclosed;
  A.ws.send(JSON.stringify({ say: 'masih ada?' }));
  m = await ba.next();
  j = jparse(m);
  check(j && j.said === 0, 'after B closed, nobody else is in r1', `got ${m && m.data}`);
  A.ws.close(); C.ws.close();

  // --- metrics -------------------------------------------------------------------------------
  const t = await metrics();
  const echoIn = metric(t, 'ujikom_ws_messages_total', 'channel="echo",dir="in"');
  check(echoIn > 10, '/metrics counts echo messages in', `ujikom_ws_messages_total in = ${echoIn}`);
  check(metric(t, 'ujikom_ws_closes_total', 'channel="echo",reason="too_big"') >= 2, '/metrics counts the 1009 closes');
  check(!Number.isNaN(metric(t, 'ujikom_ws_connections', 'channel="echo-ops"')), '/metrics has a connection gauge per channel');

  // --- slow consumer ---------------------------------------------------------------------------
  await slowConsumer();
}

async function slowConsumer() {
  const r = await expectOpen('echo for the slow-consumer check', '/ws/echo', 'echo');
  const { ws } = r;
  const before = metric(await metrics(), 'ujikom_ws_closes_total', 'channel="echo",reason="slow_consumer"');
  const closing = closed(ws, 30000);
  ws._socket.pause(); // stop reading: the server's echoes pile up
  const chunk = bytes(512 * 1024, 11);
  let sent = 0; let hit = false;
  for (let i = 0; i < 400 && !hit; i++) { // at most 200 MiB
    ws.send(chunk);
    sent += chunk.length;
    if (i % 8 === 7) {
      await new Promise((res) => setImmediate(res));
      while (ws.bufferedAmount > 8 << 20) await sleep(5); // let our own socket drain
      const now = metric(await metrics(), 'ujikom_ws_closes_total', 'channel="echo",reason="slow_consumer"');
      hit = now > before;
    }
  }
  check(hit, 'a client that stops reading is counted as a slow consumer', `after sending ${(sent / 1048576).toFixed(0)} MiB`);
  note(`slow consumer detected after the client sent ${(sent / 1048576).toFixed(0)} MiB without reading`);
  ws._socket.resume();
  const c = await closing;
  check(c.code === 1008, 'the slow consumer is closed with 1008', `close code ${c.code} ${c.reason ?? ''}`);
}

async function stopSuite() {
  const n = 3;
  const conns = [];
  for (let i = 0; i < n; i++) {
    const r = await connect('/ws/echo?room=stop', 'echo');
    if (!r.opened) { fail('open for the stop check', r.err ?? String(r.code)); process.exit(1); }
    conns.push(closed(r.ws, 20000));
  }
  console.log('ready');
  const codes = await Promise.all(conns);
  check(codes.every((c) => c.code === 1001), `server stop closes all ${n} WebSockets with 1001`, `codes: ${codes.map((c) => c.code).join(',')}`);
}

function rssKiB(pid) {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(s.match(/^VmRSS:\s+(\d+)/m)[1]);
}

async function idleSuite(n) {
  const pid = process.env.SERVER_PID;
  await sleep(200);
  const rss0 = rssKiB(pid);
  const socks = [];
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i += 100) { // 100 handshakes in flight at a time
    const batch = [];
    for (let k = i; k < Math.min(n, i + 100); k++) batch.push(connect('/ws/echo', 'echo'));
    socks.push(...await Promise.all(batch));
  }
  const openS = Number(process.hrtime.bigint() - t0) / 1e9;
  const opened = socks.filter((s) => s.opened).length;
  check(opened === n, `${n} idle WebSockets open`, `opened ${opened}; first error: ${socks.find((s) => !s.opened)?.err}`);
  await sleep(500);
  const rss1 = rssKiB(pid);
  let pongs = 0;
  await Promise.all(socks.filter((s) => s.opened).map((s) => new Promise((res) => {
    const t = setTimeout(res, 10000);
    s.ws.once('pong', () => { pongs++; clearTimeout(t); res(); });
    s.ws.ping();
  })));
  check(pongs === opened, `all ${opened} idle WebSockets answer a ping`, `pongs: ${pongs}`);
  const m = await metrics();
  const gauge = metric(m, 'ujikom_ws_connections', 'channel="echo"');
  check(gauge === opened, '/metrics shows them open', `ujikom_ws_connections{channel="echo"} ${gauge}`);
  console.log(`figure - ${n} idle WebSockets: opened in ${openS.toFixed(2)} s; server RSS ${(rss0 / 1024).toFixed(1)} MiB -> ${(rss1 / 1024).toFixed(1)} MiB = ${((rss1 - rss0) / n).toFixed(2)} KiB per connection (4 KiB rx buffer)`);
  for (const s of socks) if (s.opened) s.ws.terminate();
}

const mode = process.argv[2] ?? 'main';
try {
  if (mode === 'main') await mainSuite();
  else if (mode === 'stop') await stopSuite();
  else if (mode === 'idle') await idleSuite(Number(process.argv[3] ?? 1000));
  else { fail(`unknown mode ${mode}`); }
} catch (e) {
  fail(`no exception in mode ${mode}`, e.stack);
}
process.exit(failed ? 1 : 0);
