// The peer connections of a live session: one RTCPeerConnection per other connection present in
// the room (a mesh; sessions have 2-4 people). Signalling goes through the room
// ({"type":"signal","to":conn,"data":{...}}). To avoid glare, the side with the lower connection id
// makes the offer; the other only answers. Each data message carries a generation number: when the
// offerer rebuilds a failed connection it raises it, and the answerer replaces its side too.
// A participant sends its camera and microphone; an observer (no local stream) only receives
// (recvonly transceivers when it is the offerer). Every STATS_MS the connection's getStats() feeds
// the weak-network adaptation (adapt.js) and the frame counts shown on each tile.
// The ICE servers (STUN, and TURN with a time-limited credential) come from the server (IceConfig
// below); each new RTCPeerConnection takes the current ones, so a rebuilt connection uses fresh
// credentials.

import { apply, decide, sampleOf } from './adapt.js';

const STATS_MS = 3000;
const ICE_RETRY_MS = 30000;
const ICE_RETRY_MAX_MS = 600000;

/**
 * The ICE servers of a session, from GET /api/assessment/sessions/:id/ice ({iceServers, ttl}):
 * fetched once before the first connection (start) and again before the TURN credential expires
 * (at 80 % of its lifetime, measured on this device's clock from when it arrived, so a skewed clock
 * does not matter). A failed fetch keeps the last list and retries (30 s, doubling up to 10 min).
 * No configuration, or no answer at start: [] (direct connections only, as on loopback).
 */
export class IceConfig {
  /** load: async () => the route's JSON. */
  constructor(load) {
    this.load = load;
    this.servers = [];
    this.timer = null;
    this.fails = 0;
    this.stopped = false;
  }

  async start() {
    await this.refresh();
  }

  async refresh() {
    clearTimeout(this.timer);
    let wait;
    try {
      const r = await this.load();
      if (Array.isArray(r.iceServers)) this.servers = r.iceServers;
      this.fails = 0;
      wait = Number.isFinite(r.ttl) && r.ttl > 0 ? Math.max(ICE_RETRY_MS, r.ttl * 800) : ICE_RETRY_MAX_MS;
    } catch {
      wait = Math.min(ICE_RETRY_MAX_MS, ICE_RETRY_MS * 2 ** this.fails++); // keep the last list
    }
    if (!this.stopped) this.timer = setTimeout(() => this.refresh(), Math.min(wait, 2 ** 31 - 1));
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}

export class PeerMesh {
  /**
   * opts: send(to, data) through the room; stream (local MediaStream or null); iceServers (a
   * list, or a function returning the current list, e.g. () => iceConfig.servers);
   * onRemote(conn, MediaStream); onGone(conn); onStats(conn, {framesDecoded, level, state}).
   */
  constructor(opts) {
    this.o = opts;
    this.self = null;
    this.peers = new Map(); // conn -> peer
    this.statsTimer = setInterval(() => this.poll(), STATS_MS);
  }

  setStream(stream) {
    this.o.stream = stream;
  }

  /** Our own connection id changed (a new room connection): every peer connection is rebuilt. */
  setSelf(conn) {
    if (this.self === conn) return;
    this.closeAll();
    this.self = conn;
  }

  /** The present connections from a room state: connect to new ones, drop those gone. */
  sync(present) {
    if (this.self === null) return;
    const others = new Set(present.map((p) => p.conn).filter((c) => c !== this.self));
    for (const conn of [...this.peers.keys()]) if (!others.has(conn)) this.drop(conn);
    for (const conn of others) {
      if (!this.peers.has(conn) && this.self < conn) this.offer(conn, 1);
    }
  }

  create(conn, gen) {
    const old = this.peers.get(conn);
    if (old) this.drop(conn, true);
    const ice = typeof this.o.iceServers === 'function' ? this.o.iceServers() : this.o.iceServers;
    const pc = new RTCPeerConnection({ iceServers: ice || [] });
    const peer = { conn, gen, pc, queued: [], stream: null, tracksAdded: false, adapt: { level: 0, good: 0 }, level: 0, frames: 0 };
    this.peers.set(conn, peer);
    pc.onicecandidate = (e) => {
      if (e.candidate) this.o.send(conn, { gen, candidate: e.candidate.toJSON() });
    };
    pc.ontrack = (e) => {
      if (this.peers.get(conn) !== peer) return;
      if (!peer.stream) peer.stream = e.streams && e.streams[0] ? e.streams[0] : new MediaStream();
      if (!peer.stream.getTracks().includes(e.track)) peer.stream.addTrack(e.track);
      this.o.onRemote(conn, peer.stream);
    };
    pc.onconnectionstatechange = () => {
      if (this.peers.get(conn) !== peer) return;
      if (pc.connectionState === 'failed' && this.self < conn) this.offer(conn, gen + 1); // rebuild
      this.o.onStats(conn, { framesDecoded: peer.frames, level: peer.level, state: pc.connectionState });
    };
    return peer;
  }

  addLocal(peer) {
    const s = this.o.stream;
    if (peer.tracksAdded) return;
    peer.tracksAdded = true;
    if (s) for (const track of s.getTracks()) peer.pc.addTrack(track, s);
  }

  async offer(conn, gen) {
    const peer = this.create(conn, gen);
    const { pc } = peer;
    if (this.o.stream) this.addLocal(peer);
    else {
      peer.tracksAdded = true;
      pc.addTransceiver('audio', { direction: 'recvonly' });
      pc.addTransceiver('video', { direction: 'recvonly' });
    }
    try {
      await pc.setLocalDescription(await pc.createOffer());
      if (this.peers.get(conn) === peer) this.o.send(conn, { gen, sdp: pc.localDescription.toJSON() });
    } catch {
      /* the peer went away meanwhile */
    }
  }

  async handleSignal(from, data) {
    if (!data) return;
    let peer = this.peers.get(from);
    try {
      if (data.sdp && data.sdp.type === 'offer') {
        if (!peer || peer.gen !== data.gen) peer = this.create(from, data.gen);
        const { pc } = peer;
        await pc.setRemoteDescription(data.sdp);
        this.addLocal(peer); // reuses the transceivers the offer created
        await pc.setLocalDescription(await pc.createAnswer());
        this.o.send(from, { gen: data.gen, sdp: pc.localDescription.toJSON() });
        await this.flush(peer);
      } else if (data.sdp && data.sdp.type === 'answer') {
        if (!peer || peer.gen !== data.gen || peer.pc.signalingState !== 'have-local-offer') return;
        await peer.pc.setRemoteDescription(data.sdp);
        await this.flush(peer);
      } else if (data.candidate) {
        if (!peer || peer.gen !== data.gen) return;
        if (peer.pc.remoteDescription) await peer.pc.addIceCandidate(data.candidate);
        else peer.queued.push(data.candidate);
      }
    } catch {
      /* a stale message for a connection that was rebuilt */
    }
  }

  async flush(peer) {
    const q = peer.queued.splice(0);
    for (const c of q) {
      try {
        await peer.pc.addIceCandidate(c);
      } catch {
        /* ignore a candidate the connection no longer wants */
      }
    }
  }

  drop(conn, replacing = false) {
    const peer = this.peers.get(conn);
    if (!peer) return;
    this.peers.delete(conn);
    try {
      peer.pc.close();
    } catch {
      /* closed */
    }
    if (!replacing) this.o.onGone(conn);
  }

  closeAll() {
    for (const conn of [...this.peers.keys()]) this.drop(conn);
  }

  destroy() {
    clearInterval(this.statsTimer);
    this.closeAll();
  }

  /** Reads each connection's statistics: frames decoded from the peer, and the adaptation of
   *  what we send to it. */
  async poll() {
    for (const peer of [...this.peers.values()]) {
      const { pc } = peer;
      if (pc.connectionState === 'closed') continue;
      let sample;
      try {
        sample = sampleOf(await pc.getStats());
      } catch {
        continue;
      }
      peer.frames = sample.framesDecoded;
      const sender = pc.getSenders().find((s) => s.track && s.track.kind === 'video');
      if (sender && pc.connectionState === 'connected') {
        const next = decide(peer.adapt, sample);
        if (next.level !== peer.adapt.level) {
          try {
            await apply(sender, next.level);
            peer.level = next.level;
          } catch {
            next.level = peer.adapt.level;
          }
        }
        peer.adapt = next;
      }
      if (this.peers.get(peer.conn) === peer) this.o.onStats(peer.conn, { framesDecoded: peer.frames, level: peer.level, state: pc.connectionState });
    }
  }
}
