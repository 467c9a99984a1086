import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  NTP_UNIX_OFFSET_MS,
  SlidingWindow,
  captureUnixMsForFrame,
  median,
  ntpMsToUnixMs,
  rtpTimestampDiff,
} from '../src/latency';
import type { SynchronizationSourceWithCapture } from '../src/webrtc-ext';
import { seeded } from './rng';

function source(partial: Partial<SynchronizationSourceWithCapture>): SynchronizationSourceWithCapture {
  return { source: 1, timestamp: 0, rtpTimestamp: 0, ...partial } as SynchronizationSourceWithCapture;
}

test('NTP epoch offset is 70 years plus 17 leap days', () => {
  assert.equal(NTP_UNIX_OFFSET_MS, (70 * 365 + 17) * 86_400_000);
  // 2024-01-01T00:00:00Z in NTP ms (RFC 5905 era 0) maps to Date.UTC.
  const unix = Date.UTC(2024, 0, 1);
  assert.equal(ntpMsToUnixMs(unix + NTP_UNIX_OFFSET_MS), unix);
});

test('RTP timestamp difference wraps modulo 2^32', () => {
  assert.equal(rtpTimestampDiff(10, 5), 5);
  assert.equal(rtpTimestampDiff(5, 10), -5);
  assert.equal(rtpTimestampDiff(3, 0xfffffffe), 5);
  assert.equal(rtpTimestampDiff(0xfffffffe, 3), -5);
});

test('capture time of the same frame is the NTP capture time in Unix ms', () => {
  const unix = Date.UTC(2026, 5, 1, 12, 0, 0, 250);
  const s = source({ captureTimestamp: unix + NTP_UNIX_OFFSET_MS, rtpTimestamp: 123456 });
  assert.equal(captureUnixMsForFrame(s, 123456), unix);
});

test('capture time is extrapolated by RTP ticks at 90 kHz (across wrap)', () => {
  const unix = Date.UTC(2026, 5, 1);
  const s = source({ captureTimestamp: unix + NTP_UNIX_OFFSET_MS, rtpTimestamp: 0xffffff00 });
  // 3000 ticks later = 33.33 ms later, crossing the 32-bit wrap.
  const later = (0xffffff00 + 3000) >>> 0;
  assert.ok(Math.abs(captureUnixMsForFrame(s, later)! - (unix + 3000 / 90)) < 1e-6);
});

test('sender capture time offset is removed (Capture NTP = Sender NTP + offset)', () => {
  const unix = Date.UTC(2026, 5, 1);
  const s = source({ captureTimestamp: unix + NTP_UNIX_OFFSET_MS, senderCaptureTimeOffset: 40, rtpTimestamp: 9 });
  assert.equal(captureUnixMsForFrame(s, 9), unix - 40);
});

test('no capture time or frames too far apart give null', () => {
  assert.equal(captureUnixMsForFrame(source({ rtpTimestamp: 1 }), 1), null);
  const s = source({ captureTimestamp: NTP_UNIX_OFFSET_MS, rtpTimestamp: 0 });
  assert.equal(captureUnixMsForFrame(s, 90 * 10_001), null);
});

test('median matches a naive sort on random inputs', () => {
  const random = seeded(7);
  let cases = 0;
  assert.equal(median([]), null);
  for (let i = 0; i < 500; i++) {
    const values = Array.from({ length: 1 + Math.floor(random() * 50) }, () => Math.round(random() * 1000) - 200);
    const sorted = [...values].sort((a, b) => a - b);
    const n = sorted.length;
    const expected = n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
    assert.equal(median(values), expected);
    cases++;
  }
  assert.equal(cases, 500);
});

test('sliding window keeps only the last second', () => {
  const w = new SlidingWindow(1000);
  w.add(0, 500);
  w.add(100, 10);
  w.add(900, 20);
  w.add(1000, 30);
  assert.equal(w.p50(1000), 20); // 0 dropped: (0, 1000]
  assert.equal(w.count, 3);
  assert.equal(w.p50(1950), 30);
  assert.equal(w.p50(3000), null);
  assert.equal(w.count, 0);
});
