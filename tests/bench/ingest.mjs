// Benchmark (not a test): concurrent recording ingest. N simulated participants each send one
// chunk a second at 1 Mbit/s (125,000 bytes) on /ws/rekam of one session for D seconds; the
// server appends, fdatasync's and counts each chunk before acknowledging. Prints per N: chunks
// sent and acknowledged (loss must be 0), acknowledgement latency p50/p99, the server's CPU
// (utime+stime from /proc over the run), and ingest MB/s. Usage (tests/bench/ingest.sh runs it):
//   UJIKOM_BIN=build/release/ujikom node tests/bench/ingest.mjs [N...]   (default 100 300)
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { as, caseTo } from '../browser/lib/case-api.mjs';
import { startServer } from '../browser/lib/server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../browser/package.json'));
const WebSocket = require('ws');
const SECONDS = Number(process.env.INGEST_SECONDS || 20);
const CHUNK = 125000;
const counts = process.argv.slice(2).map(Number).filter((n) => n > 0);
if (!counts.length) counts.push(100, 300);

function cpuTicks(pid) {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(f[11]) + Number(f[12]); // utime + stime, clock ticks
}

function pct(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] : NaN;
}

async function stream(base, sid, sessionId, payload, lat, stats) {
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/ws/rekam?sesi=${sessionId}&track=kamera`, 'rekam', {
    headers: { Cookie: `ujikom_sid=${sid}` },
    origin: base,
  });
  const sentAt = new Map();
  await new Promise((resolve, reject) => {
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString());
      if (m.type === 'ready') resolve();
      if (m.type === 'ack' && sentAt.has(m.seq)) {
        lat.push(Number(process.hrtime.bigint() - sentAt.get(m.seq)) / 1e6);
        sentAt.delete(m.seq);
        stats.acked++;
      }
    });
    ws.on('error', reject);
  });
  const head = Buffer.alloc(4);
  // start at a random moment within the first second so the chunks do not all arrive together
  await new Promise((r) => setTimeout(r, Math.random() * 1000));
  for (let seq = 0; seq < SECONDS; seq++) {
    head.writeUInt32BE(seq);
    sentAt.set(seq, process.hrtime.bigint());
    ws.send(Buffer.concat([head, payload]));
    stats.sent++;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const deadline = Date.now() + 30000;
  while (sentAt.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  ws.close();
}

// every stream is the same asesi's in one session: the per-participant cap (recording_open_max) is lifted
const server = await startServer({ demo: true, extraArgs: ['--access-log', '0', '--log-level', 'warn', '--recording-open-max', '100000'] });
try {
  const { caseId } = await caseTo(server.base, 'CONSENTED');
  const asesor = await as(server.base, 'asesor');
  const asesi = await as(server.base, 'asesi');
  const session = await asesor.expect(201, 'POST', '/api/assessment/sessions', { case_id: caseId });
  const sid = asesi.cookies.get('ujikom_sid');
  const payload = Buffer.alloc(CHUNK, 7);
  console.log(`ingest benchmark: ${SECONDS} s per run, one ${CHUNK}-byte chunk per second per stream (1 Mbit/s), fdatasync per chunk`);
  for (const n of counts) {
    const lat = [];
    const stats = { sent: 0, acked: 0 };
    const cpu0 = cpuTicks(server.proc.pid);
    const t0 = Date.now();
    await Promise.all(Array.from({ length: n }, () => stream(server.base, sid, session.id, payload, lat, stats)));
    const secs = (Date.now() - t0) / 1000;
    const cpu = (cpuTicks(server.proc.pid) - cpu0) / 100; // USER_HZ = 100 on Linux
    lat.sort((a, b) => a - b);
    console.log(
      `${String(n).padStart(4)} streams: sent ${stats.sent}, acked ${stats.acked}, lost ${stats.sent - stats.acked}; ack p50 ${pct(lat, 50).toFixed(1)} ms, p99 ${pct(lat, 99).toFixed(1)} ms; ` +
        `server CPU ${((cpu / secs) * 100).toFixed(0)}% of one core; ${((stats.acked * CHUNK) / secs / 1e6).toFixed(1)} MB/s`,
    );
  }
} finally {
  await server.stop();
}
