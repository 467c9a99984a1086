import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FallbackPolicy, mjpegUrl, type FallbackInput } from '../src/fallback';
import { seeded } from './rng';

const at = (now: number, webrtcLive = false, cameraState: FallbackInput['cameraState'] = 'Streaming'): FallbackInput => ({
  now,
  webrtcLive,
  cameraState,
});

test('stays on WebRTC while frames decode', () => {
  const p = new FallbackPolicy();
  for (let t = 0; t < 20_000; t += 1000) assert.equal(p.update(at(t, true)), 'webrtc');
});

test('falls back to MJPEG 4 s after WebRTC stopped decoding, not earlier', () => {
  const p = new FallbackPolicy(4000);
  assert.equal(p.update(at(0)), 'webrtc');
  assert.equal(p.update(at(3999)), 'webrtc');
  assert.equal(p.update(at(4000)), 'mjpeg');
  assert.equal(p.update(at(9000)), 'mjpeg');
});

test('an ICE/DTLS failure falls back at once; a decoding WebRTC attempt switches back', () => {
  const p = new FallbackPolicy();
  p.update(at(0));
  assert.equal(p.webrtcFailed(500), 'mjpeg');
  assert.equal(p.update(at(1000)), 'mjpeg');
  assert.equal(p.update(at(30_000, true)), 'webrtc');
  // Losing WebRTC again restarts the 4 s timer from that moment.
  assert.equal(p.update(at(31_000)), 'webrtc');
  assert.equal(p.update(at(34_999)), 'webrtc');
  assert.equal(p.update(at(35_000)), 'mjpeg');
});

test('waits while the camera starts and never falls back for a failed camera', () => {
  const p = new FallbackPolicy();
  assert.equal(p.update(at(0, false, 'Starting')), 'webrtc');
  assert.equal(p.update(at(10_000, false, 'Restarting')), 'webrtc');
  assert.equal(p.update(at(13_000, false, 'Streaming')), 'webrtc'); // timer starts now
  assert.equal(p.update(at(17_000, false, 'Streaming')), 'mjpeg');
  assert.equal(p.update(at(18_000, false, 'Failed')), 'webrtc');
  assert.equal(p.webrtcFailed(18_500), 'webrtc');
});

test('random input sequences: MJPEG only after ≥ 4 s without frames or a failure, WebRTC whenever live', () => {
  const random = seeded(7);
  const states = ['Idle', 'Starting', 'Streaming', 'Restarting', 'Failed', null] as const;
  let cases = 0;
  for (let run = 0; run < 300; run++) {
    const p = new FallbackPolicy(4000);
    let now = 0;
    let notLiveSince: number | null = null;
    let failedSinceLive = false;
    for (let step = 0; step < 60; step++) {
      now += Math.floor(random() * 1500);
      const failure = random() < 0.05;
      const live = !failure && random() < 0.3; // a failed attempt is not live
      const state = states[Math.floor(random() * states.length)] ?? null;
      let t: string;
      if (failure) {
        t = p.webrtcFailed(now);
        if (p.transport === 'mjpeg') failedSinceLive = true;
      } else {
        t = p.update({ now, webrtcLive: live, cameraState: state });
      }
      if (live) {
        notLiveSince = null;
        failedSinceLive = false;
      } else if (notLiveSince === null) notLiveSince = now;
      if (t === 'mjpeg') {
        assert.ok(!live, 'MJPEG while WebRTC is live');
        assert.ok(failedSinceLive || (notLiveSince !== null && now - notLiveSince >= 4000), `MJPEG too early at ${now}`);
      }
      cases++;
    }
  }
  assert.equal(cases, 300 * 60);
});

test('MJPEG URL is page-relative and escapes the id', () => {
  assert.equal(mjpegUrl('cam0'), 'api/cameras/cam0/mjpeg');
  assert.equal(mjpegUrl('a b/c'), 'api/cameras/a%20b%2Fc/mjpeg');
});
