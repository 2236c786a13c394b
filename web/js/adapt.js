// Adapting what a participant sends to a weak network (issue 4 §8). Every few seconds rtc.js reads
// getStats() of each peer connection and asks decide() for a level; apply() sets it on the video
// sender with RTCRtpSender.setParameters. Only what goes over WebRTC changes: the local recording
// (recorder.js) keeps its own quality and catches up through its backlog.
//
// Levels (one step down per bad sample, one step up after GOOD_SAMPLES good ones in a row, so the
// picture does not flap; at a 3 s interval a step up is tried at most every 15 s):
//   0  full: the camera's size, up to 20 fps, up to 600 kbit/s
//   1  half the size, 15 fps, 250 kbit/s
//   2  a quarter of the size, 10 fps, 120 kbit/s
//   3  audio first: the video encoding is switched off (encodings[0].active = false); the camera
//      track itself stays on, because the recording uses it
// A sample is bad when the peer reports more than 8 % of our video packets lost
// (remote-inbound-rtp fractionLost) or the estimated available outgoing bitrate
// (candidate-pair availableOutgoingBitrate) is below 40 % of what the current level may use; very
// bad (loss over 25 % or under 80 kbit/s available) goes straight to audio only. A sample is good
// with under 2 % loss and the current level's bitrate available. (The estimate does not grow much
// above what is sent, so going up is a trial: if the better level loses packets, it steps down
// again.)

export const LEVELS = [
  { scale: 1, fps: 20, bitrate: 600_000 },
  { scale: 2, fps: 15, bitrate: 250_000 },
  { scale: 4, fps: 10, bitrate: 120_000 },
  { audioOnly: true, bitrate: 0 },
];
export const GOOD_SAMPLES = 5;

/** sample: { loss (0..1 or null), available (bit/s or null) }; state: { level, good }.
 *  Returns the new state. */
export function decide(state, sample) {
  const { level, good } = state;
  const loss = sample.loss ?? 0;
  const avail = sample.available ?? Infinity;
  if (loss > 0.25 || avail < 80_000) return { level: LEVELS.length - 1, good: 0 };
  const need = LEVELS[level].bitrate;
  if (loss > 0.08 || avail < need * 0.4) return { level: Math.min(level + 1, LEVELS.length - 1), good: 0 };
  if (level > 0 && loss < 0.02 && avail >= need) {
    if (good + 1 >= GOOD_SAMPLES) return { level: level - 1, good: 0 };
    return { level, good: good + 1 };
  }
  return { level, good: 0 };
}

/** Sets a level on a video RTCRtpSender. */
export async function apply(sender, level) {
  if (!sender || !sender.track || sender.track.kind !== 'video') return;
  const p = sender.getParameters();
  if (!p.encodings || !p.encodings.length) p.encodings = [{}];
  const e = p.encodings[0];
  const L = LEVELS[level];
  if (L.audioOnly) {
    e.active = false;
  } else {
    e.active = true;
    e.scaleResolutionDownBy = L.scale;
    e.maxFramerate = L.fps;
    e.maxBitrate = L.bitrate;
  }
  await sender.setParameters(p);
}

/** The sample of one getStats() report: loss of our video as the peer saw it, available bitrate,
 *  and what we decode from the peer (framesDecoded). */
export function sampleOf(report) {
  let loss = null;
  let available = null;
  let framesDecoded = 0;
  let selectedPair = null;
  report.forEach((s) => {
    if (s.type === 'transport' && s.selectedCandidatePairId) selectedPair = s.selectedCandidatePairId;
  });
  report.forEach((s) => {
    if (s.type === 'remote-inbound-rtp' && s.kind === 'video' && typeof s.fractionLost === 'number') loss = s.fractionLost;
    if (s.type === 'candidate-pair' && (s.id === selectedPair || (!selectedPair && s.nominated && s.state === 'succeeded')) && typeof s.availableOutgoingBitrate === 'number') {
      available = s.availableOutgoingBitrate;
    }
    if (s.type === 'inbound-rtp' && s.kind === 'video') framesDecoded += s.framesDecoded || 0;
  });
  return { loss, available, framesDecoded };
}
