// A WebSocket client for the node integration tests of modules/assessment (sesi.mjs, rekam.mjs):
// opens /ws/<channel>?<query> with an ApiClient's session cookie (or none) and a same-origin
// Origin, and queues the JSON messages so a test can await the next one matching a type or a
// predicate. Uses the "ws" package from tests/browser.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../browser/package.json'));
const WebSocket = require('ws');

/**
 * Resolves immediately with {ws, opened (promise of true/false), next(match, ms), drain(),
 * send(seq, bytes)}. match: a message type, a predicate, or null for any message; next resolves
 * with null after ms without one. send writes a recording chunk (4-byte big-endian seq + bytes).
 */
export function connect(base, client, channel, query, { origin = base } = {}) {
  const headers = client ? { Cookie: `ujikom_sid=${client.cookies.get('ujikom_sid')}` } : {};
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/ws/${channel}?${query}`, channel, { headers, origin, handshakeTimeout: 5000 });
  const queue = [];
  const waiters = [];
  const test = (match, m) => !match || (typeof match === 'function' ? match(m) : m.type === match);
  ws.on('message', (data) => {
    let m;
    try {
      m = JSON.parse(data.toString());
    } catch {
      m = { type: 'unparsable' };
    }
    const i = waiters.findIndex((w) => test(w.match, m));
    if (i >= 0) waiters.splice(i, 1)[0].resolve(m);
    else queue.push(m);
  });
  const next = (match, ms = 10000) =>
    new Promise((resolve) => {
      const i = queue.findIndex((m) => test(match, m));
      if (i >= 0) return resolve(queue.splice(i, 1)[0]);
      const w = { match, resolve };
      waiters.push(w);
      setTimeout(() => {
        const k = waiters.indexOf(w);
        if (k >= 0) {
          waiters.splice(k, 1);
          resolve(null);
        }
      }, ms);
    });
  const opened = new Promise((resolve) => {
    ws.on('open', () => resolve(true));
    ws.on('error', () => resolve(false));
    ws.on('close', () => resolve(false));
  });
  const send = (seq, bytes) => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(seq);
    ws.send(Buffer.concat([head, bytes]));
  };
  return { ws, next, opened, send, drain: () => queue.splice(0) };
}

/** The check counter of these tests: check(cond, desc, detail) prints "ok   - desc" or
 *  "FAIL - desc"; done() prints "N passed, M failed" and exits non-zero when something failed. */
export function checks() {
  let passed = 0;
  let failed = 0;
  return {
    check(cond, desc, detail) {
      if (cond) {
        passed++;
        console.log(`ok   - ${desc}`);
      } else {
        failed++;
        console.log(`FAIL - ${desc}${detail ? `\n       ${detail}` : ''}`);
      }
    },
    done() {
      console.log(`${passed} passed, ${failed} failed`);
      process.exit(failed ? 1 : 0);
    },
  };
}
