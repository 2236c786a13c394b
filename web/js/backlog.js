// The recording backlog on the device (IndexedDB "ujikom-rekam"): every MediaRecorder chunk is
// stored here, under (local recording id, sequence number), BEFORE it is sent to the server, and
// deleted only when the server acknowledges it. Next to the chunks, one record per recording
// (store "recs"): its server id (rec) once known, how many chunks were made and acknowledged, and
// when it started and made its last chunk. A reload or a lost connection therefore loses nothing
// that was stored: the next page finds the recording and sends the rest.
//
// When IndexedDB cannot be opened (or a write fails, e.g. the quota), the chunks stay in memory
// for the life of the page and persisted() says so (the page warns: a reload would lose them).

const DB_NAME = 'ujikom-rekam';
const DB_VERSION = 1;

let dbPromise = null;
let usable = true;
const memChunks = new Map(); // `${local}:${seq}` -> ArrayBuffer (fallback)
const memRecs = new Map(); // local -> meta (fallback)

function openDb() {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      let req;
      try {
        req = indexedDB.open(DB_NAME, DB_VERSION);
      } catch (e) {
        reject(e);
        return;
      }
      req.onupgradeneeded = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains('recs')) db.createObjectStore('recs', { keyPath: 'local' });
        if (!db.objectStoreNames.contains('chunks')) db.createObjectStore('chunks', { keyPath: ['local', 'seq'] });
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
      req.onblocked = () => reject(new Error('indexeddb blocked'));
    }).catch((e) => {
      usable = false;
      throw e;
    });
  }
  return dbPromise;
}

/** Runs fn(stores) in one transaction over names; resolves with fn's result when it commits. */
async function tx(names, mode, fn) {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const t = db.transaction(names, mode);
    const stores = Object.fromEntries(names.map((n) => [n, t.objectStore(n)]));
    let result;
    t.oncomplete = () => resolve(result);
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error || new Error('aborted'));
    result = fn(stores);
  });
}

const req2p = (r) => new Promise((resolve, reject) => {
  r.onsuccess = () => resolve(r.result);
  r.onerror = () => reject(r.error);
});

/** Whether the backlog survives a reload (false: kept in memory only). */
export function persisted() {
  return usable;
}

/** Stores chunk seq of a recording and its updated record in one transaction. */
export async function putChunk(meta, seq, data) {
  if (usable) {
    try {
      await tx(['chunks', 'recs'], 'readwrite', (s) => {
        s.chunks.put({ local: meta.local, seq, data });
        s.recs.put({ ...meta });
      });
      return;
    } catch {
      usable = false; // quota or a broken database: keep going in memory
    }
  }
  memChunks.set(`${meta.local}:${seq}`, data);
  memRecs.set(meta.local, { ...meta });
}

/** The bytes of chunk seq, or null when it is not stored. */
export async function getChunk(local, seq) {
  const m = memChunks.get(`${local}:${seq}`);
  if (m) return m;
  if (!usable) return null;
  try {
    const row = await tx(['chunks'], 'readonly', (s) => req2p(s.chunks.get([local, seq])));
    const v = await row;
    return v ? v.data : null;
  } catch {
    return null;
  }
}

/** Forgets chunk seq (acknowledged by the server). */
export async function deleteChunk(local, seq) {
  memChunks.delete(`${local}:${seq}`);
  if (!usable) return;
  try {
    await tx(['chunks'], 'readwrite', (s) => s.chunks.delete([local, seq]));
  } catch {
    /* a leftover chunk is deleted with its recording */
  }
}

/** Forgets every chunk of a recording below seq (the server has them). */
export async function deleteChunksBelow(local, seq) {
  for (const k of memChunks.keys()) if (k.startsWith(`${local}:`) && Number(k.slice(local.length + 1)) < seq) memChunks.delete(k);
  if (!usable || seq <= 0) return;
  try {
    await tx(['chunks'], 'readwrite', (s) => s.chunks.delete(IDBKeyRange.bound([local, 0], [local, seq - 1])));
  } catch {
    /* see deleteChunk */
  }
}

/** The sequence numbers stored for a recording, ascending. */
export async function chunkSeqs(local) {
  const mem = [...memChunks.keys()].filter((k) => k.startsWith(`${local}:`)).map((k) => Number(k.slice(local.length + 1)));
  let db = [];
  if (usable) {
    try {
      const keys = await tx(['chunks'], 'readonly', (s) => req2p(s.chunks.getAllKeys(IDBKeyRange.bound([local, 0], [local, Infinity]))));
      db = (await keys).map((k) => k[1]);
    } catch {
      db = [];
    }
  }
  return [...new Set([...mem, ...db])].sort((a, b) => a - b);
}

/** Stores a recording's record. */
export async function putRec(meta) {
  if (usable) {
    try {
      await tx(['recs'], 'readwrite', (s) => s.recs.put({ ...meta }));
      return;
    } catch {
      usable = false;
    }
  }
  memRecs.set(meta.local, { ...meta });
}

/** Every recording record (of all sessions and accounts on this device). */
export async function allRecs() {
  let rows = [];
  if (usable) {
    try {
      rows = await (await tx(['recs'], 'readonly', (s) => req2p(s.recs.getAll())));
    } catch {
      rows = [];
    }
  }
  const byId = new Map(rows.map((r) => [r.local, r]));
  for (const [k, v] of memRecs) byId.set(k, v);
  return [...byId.values()];
}

/** The recordings of one session (every session when sesi is null) made by one account on this
 *  device, oldest first. */
export async function recsOf(sesi, account) {
  return (await allRecs()).filter((r) => (sesi === null || r.sesi === sesi) && r.account === account).sort((a, b) => a.createdAt - b.createdAt);
}

/** Forgets a recording and its chunks. */
export async function deleteRec(local) {
  memRecs.delete(local);
  for (const k of [...memChunks.keys()]) if (k.startsWith(`${local}:`)) memChunks.delete(k);
  if (!usable) return;
  try {
    await tx(['chunks', 'recs'], 'readwrite', (s) => {
      s.chunks.delete(IDBKeyRange.bound([local, 0], [local, Infinity]));
      s.recs.delete(local);
    });
  } catch {
    /* nothing to do */
  }
}

/** Removes the records of finished recordings older than maxAgeMs (the chunks are long gone). */
export async function prune(maxAgeMs = 7 * 24 * 3600 * 1000) {
  const now = Date.now();
  for (const r of await allRecs()) {
    if (r.state !== 'recording' && now - (r.createdAt || 0) > maxAgeMs) await deleteRec(r.local);
  }
}
