import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ABS_CAPTURE_TIME_URI, PLAYOUT_DELAY_URI, enableExtensions, orderCodecsH264First, sdpHasExtension } from '../src/peer';

const chromeDefaults = [
  { uri: 'urn:ietf:params:rtp-hdrext:toffset', direction: 'sendrecv' as const },
  { uri: ABS_CAPTURE_TIME_URI, direction: 'stopped' as const },
  { uri: PLAYOUT_DELAY_URI, direction: 'sendrecv' as const },
  { uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', direction: 'sendrecv' as const },
];

test('abs-capture-time is switched on when stopped, others untouched', () => {
  const next = enableExtensions(chromeDefaults, [ABS_CAPTURE_TIME_URI, PLAYOUT_DELAY_URI]);
  assert.ok(next !== null);
  assert.equal(next.length, chromeDefaults.length);
  assert.equal(next.find((e) => e.uri === ABS_CAPTURE_TIME_URI)?.direction, 'sendrecv');
  assert.deepEqual(next.filter((e) => e.uri !== ABS_CAPTURE_TIME_URI), chromeDefaults.filter((e) => e.uri !== ABS_CAPTURE_TIME_URI));
});

test('nothing to change gives null (and unknown URIs are not added)', () => {
  assert.equal(enableExtensions(chromeDefaults, [PLAYOUT_DELAY_URI, 'urn:example:none']), null);
  assert.equal(enableExtensions([], [ABS_CAPTURE_TIME_URI]), null);
});

test('codec order puts constrained-baseline packetization-mode=1 H.264 first, stable otherwise', () => {
  const codecs = [
    { mimeType: 'video/VP8', clockRate: 90000 },
    { mimeType: 'video/rtx', clockRate: 90000, sdpFmtpLine: 'apt=96' },
    { mimeType: 'video/H264', clockRate: 90000, sdpFmtpLine: 'level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f' },
    { mimeType: 'video/H264', clockRate: 90000, sdpFmtpLine: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=640c1f' },
    { mimeType: 'video/H264', clockRate: 90000, sdpFmtpLine: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f' },
    { mimeType: 'video/VP9', clockRate: 90000 },
  ];
  const ordered = orderCodecsH264First(codecs);
  assert.deepEqual(ordered.map((c) => codecs.indexOf(c)), [4, 3, 2, 0, 1, 5]);
  assert.equal(codecs[0]!.mimeType, 'video/VP8'); // input untouched
});

test('sdpHasExtension finds extmap lines with and without direction', () => {
  const sdp = ['v=0', 'm=video 9 UDP/TLS/RTP/SAVPF 96', `a=extmap:7 ${ABS_CAPTURE_TIME_URI}`, `a=extmap:9/recvonly ${PLAYOUT_DELAY_URI}`, ''].join('\r\n');
  assert.equal(sdpHasExtension(sdp, ABS_CAPTURE_TIME_URI), true);
  assert.equal(sdpHasExtension(sdp, PLAYOUT_DELAY_URI), true);
  assert.equal(sdpHasExtension(sdp, 'urn:ietf:params:rtp-hdrext:sdes:mid'), false);
  assert.equal(sdpHasExtension(`a=foo ${ABS_CAPTURE_TIME_URI}`, ABS_CAPTURE_TIME_URI), false);
});
