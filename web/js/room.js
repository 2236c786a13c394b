// The live room of a session: WebSocket channel "sesi" (/ws/sesi?sesi=<id>, same origin; the
// session cookie authenticates). Reconnects with backoff when the connection is lost; the server
// sends the room state again at once on each (re)join, so the page rebuilds from it.
// Messages (modules/assessment/README.md): hello {conn, role}, state {present, state, opened_at,
// events}, signal {from, data}, media {from, state}, warning {warning}, error {error}.

const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 15000];

export class Room {
  /** handlers: onHello(m), onState(m), onSignal(m), onMedia(m), onWarning(m), onError(m),
   *  onDown(failures): the connection is lost (failures: attempts since the last hello). */
  constructor(sesi, handlers) {
    this.sesi = sesi;
    this.h = handlers;
    this.ws = null;
    this.failures = 0;
    this.timer = null;
    this.closed = false;
    this.conn = null;
  }

  connect() {
    if (this.closed) return;
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    let ws;
    try {
      ws = new WebSocket(`${proto}//${location.host}/ws/sesi?sesi=${encodeURIComponent(this.sesi)}`, 'sesi');
    } catch {
      this.lost();
      return;
    }
    this.ws = ws;
    ws.onmessage = (ev) => {
      let m;
      try {
        m = JSON.parse(ev.data);
      } catch {
        return;
      }
      const fn = {
        hello: 'onHello',
        state: 'onState',
        signal: 'onSignal',
        media: 'onMedia',
        warning: 'onWarning',
        error: 'onError',
      }[m.type];
      if (m.type === 'hello') {
        this.failures = 0;
        this.conn = m.conn;
      }
      if (fn && this.h[fn]) this.h[fn](m);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.conn = null;
      this.lost();
    };
  }

  lost() {
    if (this.closed) return;
    const wait = BACKOFF_MS[Math.min(this.failures, BACKOFF_MS.length - 1)];
    this.failures++;
    if (this.h.onDown) this.h.onDown(this.failures);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.connect(), wait);
  }

  /** Whether the room is connected (a hello arrived on the current socket). */
  up() {
    return !!(this.ws && this.ws.readyState === WebSocket.OPEN && this.conn);
  }

  send(obj) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify(obj));
      return true;
    }
    return false;
  }

  close() {
    this.closed = true;
    clearTimeout(this.timer);
    if (this.ws) {
      const ws = this.ws;
      this.ws = null;
      ws.close();
    }
  }
}
