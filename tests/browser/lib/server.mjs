// Starts the real ujikom binary for a browser test: a free port on 127.0.0.1, a fresh temporary
// data directory, --demo seed data and the source tree's web/ directory; waits for GET /healthz;
// stop() sends SIGTERM (SIGKILL after 5 s) and removes the data directory.
//
// Environment: UJIKOM_BIN (default <repo>/build/dev/ujikom), UJIKOM_SOURCE_DIR (default: the repo
// this file is in). Set UJIKOM_TEST_VERBOSE=1 to echo the server's output.

import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SOURCE_DIR = process.env.UJIKOM_SOURCE_DIR || path.resolve(here, '../../..');
export const BIN = process.env.UJIKOM_BIN || path.join(SOURCE_DIR, 'build/dev/ujikom');

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function healthy(base) {
  try {
    const res = await fetch(base + '/healthz', { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}

async function startOnce({ demo, extraArgs, webDir, readyTimeoutMs, dataDir: given, host }) {
  const port = await freePort();
  const dataDir = given || fs.mkdtempSync(path.join(os.tmpdir(), 'ujikom-browser-'));
  const base = `http://${host}:${port}`;
  const args = ['serve', '--listen', `${host}:${port}`, '--data-dir', dataDir, '--web-dir', webDir];
  if (demo) args.push('--demo');
  args.push(...extraArgs);

  const lines = [];
  const keep = (chunk) => {
    for (const l of String(chunk).split('\n')) {
      if (!l) continue;
      lines.push(l);
      if (lines.length > 400) lines.shift();
      if (process.env.UJIKOM_TEST_VERBOSE) process.stderr.write(`[server] ${l}\n`);
    }
  };
  const proc = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout.on('data', keep);
  proc.stderr.on('data', keep);
  let exited = null;
  const exitPromise = new Promise((resolve) => {
    proc.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
    proc.on('error', (err) => {
      exited = { code: -1, signal: null, error: err };
      resolve(exited);
    });
  });

  const removeDir = () => fs.rmSync(dataDir, { recursive: true, force: true });
  const server = {
    base,
    port,
    dataDir,
    proc,
    /** The server's recent output (for failure reports). */
    logs: () => lines.join('\n'),
    /** `ujikom ledger verify` on this server's data: its output, or "exit N: ..." when it failed. */
    ledgerVerify() {
      try {
        return execFileSync(BIN, ['ledger', 'verify', '--data-dir', dataDir], { encoding: 'utf8' });
      } catch (e) {
        return `exit ${e.status}: ${e.stdout}${e.stderr}`;
      }
    },
    /** Kills the server with SIGKILL (a crash) and keeps its data directory for a restart
     *  (startServer({dataDir})). */
    async kill() {
      if (!exited) {
        proc.kill('SIGKILL');
        await exitPromise;
      }
      return exited;
    },
    /** Stops the server and removes its data directory. Safe to call twice. */
    async stop() {
      if (!exited) {
        proc.kill('SIGTERM');
        const timer = setTimeout(() => exited || proc.kill('SIGKILL'), 5000);
        await exitPromise;
        clearTimeout(timer);
      }
      removeDir();
      return exited;
    },
  };

  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (exited) break;
    if (await healthy(base)) return server;
    await sleep(100);
  }
  const why = exited
    ? `exited (${exited.error ? exited.error.message : `code ${exited.code}, signal ${exited.signal}`})`
    : `not healthy after ${readyTimeoutMs} ms`;
  await server.stop();
  const err = new Error(`ujikom server ${why}\n--- server output ---\n${lines.join('\n')}`);
  err.exited = !!exited;
  throw err;
}

/**
 * Starts the server and resolves with { base, port, dataDir, proc, logs(), stop() }.
 * opts.demo (default true) seeds the demo accounts; opts.extraArgs are appended to the command;
 * opts.dataDir reuses a data directory (a restart after kill(); stop() then removes it);
 * opts.host is the address to listen on (default 127.0.0.1; the port is chosen free on 127.0.0.1).
 * A port taken between choosing and binding is retried (up to 3 attempts).
 */
export async function startServer(opts = {}) {
  const o = {
    demo: opts.demo !== false,
    extraArgs: opts.extraArgs || [],
    webDir: opts.webDir || path.join(SOURCE_DIR, 'web'),
    readyTimeoutMs: opts.readyTimeoutMs || 20000,
    dataDir: opts.dataDir || null,
    host: opts.host || '127.0.0.1',
  };
  if (!fs.existsSync(BIN)) throw new Error(`ujikom binary not found: ${BIN} (set UJIKOM_BIN)`);
  let last;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(o);
    } catch (err) {
      last = err;
      if (!err.exited) break; // hung, not a port clash: do not retry
    }
  }
  throw last;
}
