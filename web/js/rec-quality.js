// The recording's quality on a weak uplink (issue 4 §8). adapt.js lowers what goes over WebRTC; the
// recording (recorder.js) goes up over TCP beside it, and at the full profile (~0.53 Mbit/s) it can
// never catch up on a 300 kbit/s mobile uplink: the backlog would grow for the whole assessment and
// the asesi would have to keep the page open for hours after it (measured through the test link,
// tests/tools/weaklink.c: 300 kbit/s, 5 % loss, 300 ms each way carries ~250 kbit/s of TCP).
// So when the upload falls behind, the page records at a lower profile: a new MediaRecorder (a new
// recording on the server, started before the old one stops, so no moment is missing) on a copy
// of the camera track scaled down with applyConstraints. Every recording is kept and in the
// session's manifest; the lower ones are smaller, not re-encoded copies.
//
// Profiles (bit/s of the recording; the sizes are the most the camera is scaled to):
//   0  full: the camera's 640x480, 500 kbit/s VP8 + 32 kbit/s Opus (~240 MB an hour)
//   1  low: 320x240, 15 fps, 150 kbit/s + 24 kbit/s
//   2  lowest: 320x240, 10 fps, 70 kbit/s + 16 kbit/s: a face and a card held to the camera are
//      still recognisable, and it leaves room on a 300 kbit/s link to catch up after an outage
//
// decide() is given a sample every SAMPLE_MS: how many recorded seconds wait on the device
// (pending, one chunk a second) and whether WebRTC sends at full quality (adapt level 0).
//   - down one profile when at least BEHIND_S seconds wait and the backlog did not shrink over the
//     last WINDOW samples (grew by GROWTH_S or more: the upload is slower than the recording, or
//     the link is gone), at most once every WINDOW samples so that the new rate is measured first;
//   - up one profile only after UP_SAMPLES samples in a row with almost nothing waiting and
//     WebRTC at full quality (the only sign that the link has room: the upload itself sends no
//     more than is recorded).

export const PROFILES = [
  { videoBps: 500_000, audioBps: 32_000 },
  { videoBps: 150_000, audioBps: 24_000, width: 320, height: 240, fps: 15 },
  { videoBps: 70_000, audioBps: 16_000, width: 320, height: 240, fps: 10 },
];
export const SAMPLE_MS = 5000;
export const WINDOW = 4; // samples: 20 s
export const BEHIND_S = 20;
export const GROWTH_S = 1;
export const UP_SAMPLES = 12; // 60 s

/** state: { profile, history: [pending...], since: samples since the last change, good };
 *  sample: { pending, fullQuality }. Returns the new state. */
export function decide(state, sample) {
  const history = [...state.history, sample.pending].slice(-(WINDOW + 1));
  const since = state.since + 1;
  const grew = history.length > WINDOW ? sample.pending - history[0] : 0;
  if (state.profile < PROFILES.length - 1 && since >= WINDOW && sample.pending >= BEHIND_S && grew >= GROWTH_S) {
    return { profile: state.profile + 1, history: [sample.pending], since: 0, good: 0 };
  }
  const good = sample.pending <= 2 && sample.fullQuality ? state.good + 1 : 0;
  if (state.profile > 0 && good >= UP_SAMPLES && since >= UP_SAMPLES) {
    return { profile: state.profile - 1, history: [sample.pending], since: 0, good: 0 };
  }
  return { profile: state.profile, history, since, good };
}

export const initial = () => ({ profile: 0, history: [], since: WINDOW, good: 0 });
