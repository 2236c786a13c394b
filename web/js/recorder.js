// Recording a participant's own camera and microphone (MediaRecorder) and sending it to the server
// on the ingest channel "rekam" (modules/assessment/README.md) so that nothing is lost:
//  - every chunk is stored in the device's backlog (backlog.js) before it is sent, and deleted
//    only on the server's {"type":"ack"}; a {"type":"nack","expected":n} resends from n;
//  - after a lost connection the upload reconnects with &rec=<id> and resends everything the
//    server has not counted (from its "ready" next_seq);
//  - after a reload the MediaRecorder restarts, which makes a NEW WebM stream with its own header,
//    so the old recording is finished (its backlog sent, then {"type":"stop"}) and the new stream
//    is a new recording: a session may have several recordings per participant.
// Wire format of a chunk: one binary message, 4-byte big-endian sequence number, then the bytes.

import * as backlog from './backlog.js';
import { PROFILES } from './rec-quality.js';

export const REC_MIME = 'video/webm;codecs=vp8,opus';
// Bitrates (rec-quality.js PROFILES[0]) for recordings kept for 3 years (SE.007): 500 kbit/s VP8 is enough to read a face, an
// identity card held to the camera and a screen at 640x480; 32 kbit/s Opus is clear speech. Together
// ~0.53 Mbit/s = ~240 MB per participant-hour, against ~1.1 GB with Chrome's default 2.5 Mbit/s:
// storage over the retention period is the cost driver (platform-notes §6). On an uplink too weak
// for it, the page records at a lower profile (rec-quality.js).
const TIMESLICE_MS = 1000; // one chunk per second: at most ~1 s is lost when a page dies
const WINDOW = 4; // chunks sent and not yet acknowledged
const BACKOFF_MS = [1000, 2000, 4000, 8000, 15000];

const wsUrl = (path) => `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${path}`;

/** The MediaRecorder type to use: VP8+Opus WebM (the server's remux takes WebM only). */
export function recorderMime() {
  for (const m of [REC_MIME, 'video/webm;codecs=vp9,opus', 'video/webm']) {
    if (typeof MediaRecorder !== 'undefined' && MediaRecorder.isTypeSupported(m)) return m;
  }
  return null;
}

/**
 * One server recording's upload. meta (a backlog record) holds its state:
 * { local, sesi, account, mime, rec, createdAt, startedAt, lastChunkAt, chunks, bytes, acked,
 *   ackedBytes, stopped, state: 'recording'|'final'|'lost', sha256, lost }.
 * onChange(upload) is called on every change (for the progress display).
 */
export class Upload {
  constructor(meta, { onChange, checkClosed } = {}) {
    this.meta = meta;
    this.onChange = onChange || (() => {});
    // checkClosed(meta) -> Promise<bool>: asked after failed connections whether the server will
    // never take this recording again (the session ended, the recording was finalised).
    this.checkClosed = checkClosed || (async () => false);
    this.ws = null;
    this.ready = false;
    this.sendNext = 0;
    this.stopSent = false;
    this.failures = 0;
    this.timer = null;
    this.pumping = false;
    this.closed = false;
    this.connected = false;
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
    if (meta.state !== 'recording') this.resolveDone(meta.state);
  }

  /** Chunks stored and not yet acknowledged. */
  pending() {
    return Math.max(0, this.meta.chunks - this.meta.acked);
  }

  connect() {
    if (this.closed || this.meta.state !== 'recording' || this.ws) return;
    const q = new URLSearchParams({ sesi: String(this.meta.sesi), track: 'kamera', mime: this.meta.mime });
    if (this.meta.rec) q.set('rec', String(this.meta.rec));
    let ws;
    try {
      ws = new WebSocket(wsUrl(`/ws/rekam?${q}`), 'rekam');
    } catch {
      this.retry();
      return;
    }
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    this.ready = false;
    ws.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return;
      let m;
      try {
        m = JSON.parse(ev.data);
      } catch {
        return;
      }
      this.onMessage(m);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.ready = false;
      this.connected = false;
      this.onChange(this);
      if (!this.closed && this.meta.state === 'recording') this.retry();
    };
  }

  retry() {
    clearTimeout(this.timer);
    const wait = BACKOFF_MS[Math.min(this.failures, BACKOFF_MS.length - 1)];
    this.failures++;
    this.timer = setTimeout(async () => {
      if (this.closed) return;
      if (this.failures >= 2) {
        let gone = false;
        try {
          gone = await this.checkClosed(this.meta);
        } catch {
          gone = false;
        }
        if (gone) {
          await this.finishAs(this.pending() === 0 ? 'final' : 'lost');
          return;
        }
      }
      this.connect();
    }, wait);
  }

  async onMessage(m) {
    const meta = this.meta;
    if (m.type === 'ready') {
      this.failures = 0;
      this.connected = true;
      meta.rec = m.rec;
      this.maxBytes = m.max_bytes || 0; // recording_max_bytes: the page starts a new recording before it
      if (m.next_seq > meta.chunks) meta.chunks = m.next_seq;
      meta.acked = m.next_seq;
      meta.ackedBytes = m.bytes;
      await backlog.putRec(meta);
      backlog.deleteChunksBelow(meta.local, m.next_seq);
      this.sendNext = m.next_seq;
      this.ready = true;
      this.stopSent = false;
      this.onChange(this);
      this.pump();
    } else if (m.type === 'ack') {
      if (m.seq >= meta.acked) {
        meta.acked = m.seq + 1;
        meta.ackedBytes = m.bytes;
        backlog.putRec(meta);
      }
      backlog.deleteChunk(meta.local, m.seq);
      this.onChange(this);
      this.pump();
    } else if (m.type === 'nack') {
      this.sendNext = Math.max(meta.acked, m.expected);
      this.pump();
    } else if (m.type === 'final') {
      meta.sha256 = m.sha256;
      meta.durationMs = m.duration_ms;
      await this.finishAs('final');
    } else if (m.type === 'error' && (m.error === 'recording_closed' || m.error === 'recording_too_big')) {
      // too big: the server finalised what it holds; what follows belongs to no header (the page
      // should have started a new recording before; see CameraRecorder.full)
      await this.finishAs(this.pending() === 0 ? 'final' : 'lost');
    } else if (m.type === 'error' && (m.error === 'disk_full' || m.error === 'io_error')) {
      this.storageError = m.error; // the server closes; the chunk stays here and goes again later
      this.onChange(this);
    }
  }

  async finishAs(state) {
    const meta = this.meta;
    meta.state = state;
    if (state === 'lost') meta.lost = this.pending();
    this.closed = true;
    clearTimeout(this.timer);
    if (this.ws) {
      const ws = this.ws;
      this.ws = null;
      try {
        ws.close();
      } catch {
        /* already closed */
      }
    }
    this.connected = false;
    await backlog.deleteChunksBelow(meta.local, meta.chunks + 1);
    await backlog.putRec(meta);
    this.onChange(this);
    this.resolveDone(state);
  }

  /** Sends stored chunks in order, WINDOW at a time; once everything is acknowledged after the
   *  recorder stopped, asks the server to finalise. */
  async pump() {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        const meta = this.meta;
        while (this.ready && this.ws && this.ws.readyState === WebSocket.OPEN && this.sendNext < meta.chunks && this.sendNext - meta.acked < WINDOW && this.ws.bufferedAmount < 1 << 20) {
          const seq = this.sendNext;
          const data = await backlog.getChunk(meta.local, seq);
          if (!data) {
            if (meta.stopped && seq >= meta.acked) {
              meta.chunks = seq; // a chunk the previous page could not store: the stream ends here
              await backlog.putRec(meta);
            }
            break;
          }
          if (!this.ws || this.sendNext !== seq) break;
          const buf = new Uint8Array(4 + data.byteLength);
          new DataView(buf.buffer).setUint32(0, seq, false);
          buf.set(new Uint8Array(data), 4);
          this.ws.send(buf);
          this.sendNext = seq + 1;
        }
        if (this.ready && this.ws && meta.stopped && meta.acked >= meta.chunks && !this.stopSent) {
          this.stopSent = true;
          this.ws.send(JSON.stringify({ type: 'stop' }));
        }
      } while (this.pumpAgain);
    } finally {
      this.pumping = false;
    }
  }

  /** No more chunks will come (the recorder stopped, or a previous page's recording). */
  async markStopped() {
    this.meta.stopped = true;
    await backlog.putRec(this.meta);
    if (this.meta.chunks === 0 && !this.meta.rec) {
      await this.finishAs('lost'); // nothing was ever recorded
      return;
    }
    this.pump();
  }

  /** Stops for good (page teardown): no reconnection. */
  close() {
    this.closed = true;
    clearTimeout(this.timer);
    if (this.ws) this.ws.close();
  }
}

/**
 * Records a local MediaStream: MediaRecorder with the bitrates of a profile (rec-quality.js; a lower
 * profile records a copy of the camera track scaled down), start(TIMESLICE_MS), each chunk stored
 * in the backlog, then uploaded by an Upload.
 */
export class CameraRecorder {
  constructor(stream, { sesi, account, onChange, checkClosed, profile = 0 }) {
    this.stream = stream;
    this.profile = Math.min(Math.max(0, profile | 0), PROFILES.length - 1);
    this.ownTracks = [];
    this.sesi = sesi;
    this.account = account;
    this.onChange = onChange || (() => {});
    this.checkClosed = checkClosed;
    this.mr = null;
    this.upload = null;
    this.chain = Promise.resolve();
    this.nextSeq = 0;
    this.stopped = null;
    // resolves once the first chunk is stored: from then on this recording holds the picture
    this.firstChunk = new Promise((resolve) => {
      this.resolveFirstChunk = resolve;
    });
  }

  async start() {
    const mime = recorderMime();
    if (!mime) throw new Error('MediaRecorder');
    const meta = {
      local: crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`,
      sesi: this.sesi,
      account: this.account,
      mime,
      rec: null,
      createdAt: Date.now(),
      startedAt: 0,
      lastChunkAt: 0,
      chunks: 0,
      bytes: 0,
      acked: 0,
      ackedBytes: 0,
      stopped: false,
      state: 'recording',
      profile: this.profile,
    };
    const P = PROFILES[this.profile];
    let stream = this.stream;
    const camera = this.stream.getVideoTracks()[0];
    if (P.width && camera) {
      const copy = camera.clone();
      this.ownTracks.push(copy);
      try {
        await copy.applyConstraints({ width: { max: P.width }, height: { max: P.height }, frameRate: { max: P.fps } });
      } catch {
        /* the camera's own size then: the bitrate still applies */
      }
      stream = new MediaStream([copy, ...this.stream.getAudioTracks()]);
    }
    await backlog.putRec(meta);
    const mr = new MediaRecorder(stream, { mimeType: mime, videoBitsPerSecond: P.videoBps, audioBitsPerSecond: P.audioBps });
    this.mr = mr;
    this.upload = new Upload(meta, { onChange: this.onChange, checkClosed: this.checkClosed });
    this.stopped = new Promise((resolve) => {
      mr.onstop = () => {
        this.chain = this.chain.then(() => this.upload.markStopped()).then(resolve, resolve);
      };
    });
    mr.onstart = () => {
      meta.startedAt = Date.now();
    };
    mr.ondataavailable = (ev) => {
      if (!ev.data || !ev.data.size) return;
      const seq = this.nextSeq++;
      const at = Date.now();
      const blob = ev.data;
      // one at a time, in order: the backlog record never counts a chunk that is not stored yet
      this.chain = this.chain.then(async () => {
        const data = await blob.arrayBuffer();
        const next = { ...meta, chunks: seq + 1, bytes: meta.bytes + data.byteLength, lastChunkAt: at };
        await backlog.putChunk(next, seq, data);
        meta.chunks = next.chunks;
        meta.bytes = next.bytes;
        meta.lastChunkAt = at;
        if (seq === 0) this.upload.connect(); // the server opens a recording only for a stream with bytes
        this.resolveFirstChunk();
        this.onChange(this.upload);
        this.upload.pump();
      });
    };
    mr.onerror = () => {
      try {
        if (mr.state !== 'inactive') mr.stop();
      } catch {
        /* stopped */
      }
    };
    mr.start(TIMESLICE_MS);
    this.onChange(this.upload);
  }

  recording() {
    return !!(this.mr && this.mr.state === 'recording');
  }

  /** Near the server's maximum for one recording (80 %, or refused already): time for a new one. */
  full() {
    const u = this.upload;
    return !!(u && u.maxBytes > 0 && (u.meta.bytes >= u.maxBytes * 0.8 || u.meta.state !== 'recording'));
  }

  /** Stops the recorder; resolves with the upload's end ('final' or 'lost') once every chunk was
   *  sent and the server finalised the recording. */
  async stop() {
    if (!this.mr) return 'lost';
    if (this.mr.state !== 'inactive') this.mr.stop();
    await this.stopped;
    for (const tr of this.ownTracks) tr.stop();
    return this.upload.done;
  }
}

/** The uploads a previous page left unfinished (after a reload; sesi null: of any session of this
 *  account on this device): each is finished (backlog sent, then "stop"). A chunk missing in the
 *  middle ends that recording there (the server takes chunks only in order). */
export async function resumeLeftovers(sesi, account, { onChange, checkClosed } = {}) {
  const out = [];
  for (const meta of await backlog.recsOf(sesi, account)) {
    if (meta.state !== 'recording') {
      out.push(new Upload(meta, { onChange, checkClosed }));
      continue;
    }
    // count what is really stored, contiguous from the first unacknowledged chunk
    const seqs = await backlog.chunkSeqs(meta.local);
    let n = meta.acked;
    for (const s of seqs) {
      if (s < n) continue;
      if (s !== n) break;
      n++;
    }
    meta.chunks = n;
    const up = new Upload(meta, { onChange, checkClosed });
    await up.markStopped();
    if (up.meta.state === 'recording') up.connect();
    out.push(up);
  }
  return out;
}
