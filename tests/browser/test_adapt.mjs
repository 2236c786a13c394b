// The weak-network adaptation rules of the session page (web/js/adapt.js), without a browser:
// decide() steps down one level per bad sample, straight to audio only when very bad, up one level
// only after GOOD_SAMPLES good samples in a row; sampleOf() reads a getStats() report;
// apply() sets the level's encoding on a video sender (a stand-in object here). And the recording's
// profile (web/js/rec-quality.js): down when the upload falls behind and does not catch up, not on
// a short hiccup, at most once per window; up only after a long calm at full WebRTC quality.

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createChecks } from './lib/check.mjs';
import { SOURCE_DIR } from './lib/server.mjs';

const T = createChecks();
const { GOOD_SAMPLES, LEVELS, apply, decide, sampleOf } = await import(pathToFileURL(path.join(SOURCE_DIR, 'web/js/adapt.js')).href);
const AUDIO = LEVELS.length - 1;

const good = { loss: 0, available: 5_000_000 };
let st = { level: 0, good: 0 };
T.check('a good network stays at full quality', decide(st, good).level === 0);
T.check('no statistics yet (nulls) is not a reason to step down', decide(st, { loss: null, available: null }).level === 0);
st = decide(st, { loss: 0.1, available: 5_000_000 });
T.check('10 % loss steps down one level', st.level === 1);
st = decide(st, { loss: 0, available: 50_000 });
T.check('under 80 kbit/s available goes straight to audio only', st.level === AUDIO);
st = decide({ level: 0, good: 0 }, { loss: 0.3, available: 5_000_000 });
T.check('30 % loss goes straight to audio only', st.level === AUDIO);
let n = 0;
while (st.level === AUDIO && n < 20) {
  st = decide(st, good);
  n++;
}
T.check(`audio only recovers one level after ${GOOD_SAMPLES} good samples`, n === GOOD_SAMPLES && st.level === AUDIO - 1, `${n} samples, level ${st.level}`);
st = decide({ level: 2, good: GOOD_SAMPLES - 1 }, { loss: 0.1, available: 5_000_000 });
T.check('a bad sample resets the count of good ones', st.level === 3 && st.good === 0);
st = decide({ level: 1, good: 0 }, { loss: 0.01, available: 200_000 });
T.check('going up needs the current level\'s bitrate available', st.level === 1 && st.good === 0);
st = decide({ level: 0, good: 0 }, { loss: 0.01, available: 200_000 });
T.check('under 40 % of the level\'s bitrate available steps down', st.level === 1);

const report = new Map(
  Object.entries({
    t: { type: 'transport', selectedCandidatePairId: 'cp1' },
    cp1: { type: 'candidate-pair', id: 'cp1', availableOutgoingBitrate: 900_000 },
    cp2: { type: 'candidate-pair', id: 'cp2', availableOutgoingBitrate: 10 },
    r: { type: 'remote-inbound-rtp', kind: 'video', fractionLost: 0.05 },
    i: { type: 'inbound-rtp', kind: 'video', framesDecoded: 42 },
    a: { type: 'inbound-rtp', kind: 'audio' },
  }),
);
const s = sampleOf(report);
T.check('sampleOf: loss, the selected pair\'s bitrate, frames decoded', s.loss === 0.05 && s.available === 900_000 && s.framesDecoded === 42, JSON.stringify(s));

function sender() {
  let params = { encodings: [{ active: true }] };
  return {
    track: { kind: 'video' },
    getParameters: () => structuredClone(params),
    setParameters: async (p) => {
      params = p;
    },
    get params() {
      return params;
    },
  };
}
const snd = sender();
await apply(snd, 2);
T.check('apply: scale, frame rate and bitrate of the level', snd.params.encodings[0].scaleResolutionDownBy === 4 && snd.params.encodings[0].maxFramerate === 10 && snd.params.encodings[0].maxBitrate === 120_000 && snd.params.encodings[0].active);
await apply(snd, AUDIO);
T.check('apply: audio only switches the video encoding off', snd.params.encodings[0].active === false);
await apply(snd, 0);
T.check('apply: back to full quality switches it on again', snd.params.encodings[0].active === true && snd.params.encodings[0].scaleResolutionDownBy === 1);

/* ---------- the recording's profile ---------- */
const RQ = await import(pathToFileURL(path.join(SOURCE_DIR, 'web/js/rec-quality.js')).href);
const feed = (state, samples) => samples.reduce((st, x) => RQ.decide(st, x), state);
const steady = (pending, n, full = false) => Array.from({ length: n }, () => ({ pending, fullQuality: full }));
let rq = feed(RQ.initial(), steady(0, 20, true));
T.check('recording: an upload that keeps up stays at full quality', rq.profile === 0);
rq = feed(RQ.initial(), [0, 3, 6, 4, 2, 0, 1, 0].map((pending) => ({ pending, fullQuality: false })));
T.check('recording: a short backlog that drains is no reason to step down', rq.profile === 0);
// five more seconds wait every sample (the upload at a third of the recording's rate)
const growing = (from, n) => Array.from({ length: n }, (_, i) => ({ pending: from + i * 5, fullQuality: false }));
rq = feed(RQ.initial(), growing(0, RQ.WINDOW + 1));
T.check('recording: a backlog of 20 s and more that keeps growing steps down one profile', rq.profile === 1, JSON.stringify(rq));
const after = RQ.decide(rq, { pending: 40, fullQuality: false });
T.check('recording: not two steps within one window', after.profile === 1);
rq = feed(rq, growing(20, RQ.WINDOW));
T.check('recording: still growing a window later steps down again', rq.profile === 2);
rq = feed(rq, growing(40, 2 * RQ.WINDOW));
T.check('recording: never below the lowest profile', rq.profile === RQ.PROFILES.length - 1);
rq = feed(rq, steady(0, RQ.UP_SAMPLES - 1, true));
T.check('recording: no step up before a long calm', rq.profile === RQ.PROFILES.length - 1);
rq = feed(rq, steady(0, 1, true));
T.check('recording: a long calm at full WebRTC quality steps up one profile', rq.profile === RQ.PROFILES.length - 2);
rq = feed({ ...RQ.initial(), profile: 2 }, steady(0, 3 * RQ.UP_SAMPLES, false));
T.check('recording: no step up while WebRTC itself is lowered', rq.profile === 2);
T.check('recording: every profile needs less than the one above it', RQ.PROFILES.every((p, i) => i === 0 || p.videoBps + p.audioBps < RQ.PROFILES[i - 1].videoBps + RQ.PROFILES[i - 1].audioBps));

process.exit(T.summary());
