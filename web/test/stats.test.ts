import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BitrateMeter, FpsMeter, formatBitrate, parseVideoStats, type VideoStatsSample } from '../src/stats';
import { seeded } from './rng';

type Rec = Record<string, unknown> & { type: string; id: string };

const report: Rec[] = [
  { type: 'codec', id: 'C1', mimeType: 'video/H264' },
  { type: 'inbound-rtp', id: 'IA', kind: 'audio', framesDecoded: 999 },
  {
    type: 'inbound-rtp', id: 'IV', kind: 'video', timestamp: 5000, framesDecoded: 300, framesPerSecond: 30,
    frameWidth: 1280, frameHeight: 720, packetsLost: 2, bytesReceived: 123456, codecId: 'C1', jitterBufferDelay: 1.5, jitterBufferEmittedCount: 300,
  },
  { type: 'transport', id: 'T1', selectedCandidatePairId: 'P2' },
  { type: 'candidate-pair', id: 'P1', nominated: true, state: 'succeeded', currentRoundTripTime: 0.5 },
  { type: 'candidate-pair', id: 'P2', nominated: true, state: 'succeeded', currentRoundTripTime: 0.004 },
];

test('inbound video, codec, jitter buffer and selected pair RTT are read', () => {
  const s = parseVideoStats(report);
  assert.ok(s !== null);
  assert.equal(s.framesDecoded, 300);
  assert.equal(s.frameWidth, 1280);
  assert.equal(s.frameHeight, 720);
  assert.equal(s.codec, 'video/H264');
  assert.equal(s.rttMs, 4);
  assert.equal(s.jitterBufferMs, 5);
  assert.equal(s.packetsLost, 2);
  assert.equal(s.bytesReceived, 123456);
});

test('no inbound video gives null; missing fields give defaults', () => {
  assert.equal(parseVideoStats(report.filter((r) => r.id !== 'IV')), null);
  const s = parseVideoStats([{ type: 'inbound-rtp', id: 'X', kind: 'video' }]);
  assert.deepEqual(
    [s?.framesDecoded, s?.frameWidth, s?.rttMs, s?.codec, s?.jitterBufferMs, s?.framesPerSecond],
    [0, 0, null, null, null, null],
  );
});

test('random and mutated stats reports never throw', () => {
  const random = seeded(1234);
  const values: unknown[] = [null, undefined, 'x', -1, 0, 1e300, NaN, Infinity, true, {}, [], 'P2', 'C1', 'video'];
  const keys = ['type', 'id', 'kind', 'framesDecoded', 'frameWidth', 'codecId', 'selectedCandidatePairId', 'currentRoundTripTime', 'nominated', 'state', 'jitterBufferEmittedCount', 'jitterBufferDelay', 'timestamp'];
  let cases = 0;
  for (let i = 0; i < 2000; i++) {
    const records = report.map((r) => ({ ...r }));
    for (let m = 0; m < 1 + Math.floor(random() * 6); m++) {
      const rec = records[Math.floor(random() * records.length)]!;
      rec[keys[Math.floor(random() * keys.length)]!] = values[Math.floor(random() * values.length)];
    }
    const s = parseVideoStats(records);
    if (s !== null) {
      assert.ok(Number.isFinite(s.framesDecoded));
      assert.ok(s.rttMs === null || Number.isFinite(s.rttMs));
    }
    cases++;
  }
  assert.equal(cases, 2000);
});

function sample(timestamp: number, framesDecoded: number, framesPerSecond: number | null = null, bytesReceived = 0): VideoStatsSample {
  return { timestamp, framesDecoded, framesPerSecond, frameWidth: 0, frameHeight: 0, packetsLost: 0, bytesReceived, jitterBufferMs: null, rttMs: null, codec: null };
}

test('bitrate is the bytesReceived delta over the stats time delta, null when it cannot be computed', () => {
  const m = new BitrateMeter();
  assert.equal(m.update(sample(1000, 0, null, 0)), null); // first reading
  assert.equal(m.update(sample(2000, 0, null, 237_500)), 1_900_000);
  assert.equal(m.update(sample(2500, 0, null, 300_000)), 1_000_000);
  assert.equal(m.update(sample(2500, 0, null, 400_000)), null); // no time passed
  assert.equal(m.update(sample(3500, 0, null, 10)), null); // counter went back: a new peer connection
  assert.equal(m.update(sample(4500, 0, null, 10)), 0);
  m.reset();
  assert.equal(m.update(sample(5000, 0, null, 50_000)), null);
});

test('bitrate labels switch from kbit/s to Mbit/s at 1 Mbit/s', () => {
  assert.equal(formatBitrate(1_900_000), '1.9 Mbit/s');
  assert.equal(formatBitrate(2_449_999), '2.4 Mbit/s');
  assert.equal(formatBitrate(999_499), '999 kbit/s');
  assert.equal(formatBitrate(999_500), '1.0 Mbit/s');
  assert.equal(formatBitrate(850_400), '850 kbit/s');
  assert.equal(formatBitrate(0), '0 kbit/s');
  assert.equal(formatBitrate(null), '–');
  assert.equal(formatBitrate(NaN), '–');
  assert.equal(formatBitrate(-1), '–');
});

test('fps is the framesDecoded delta over the stats time delta', () => {
  const m = new FpsMeter();
  assert.equal(m.update(sample(1000, 0, 12)), 12); // first reading: the browser's figure
  assert.equal(m.update(sample(2000, 30)), 30);
  assert.equal(m.update(sample(2500, 45)), 30);
  assert.equal(m.update(sample(3500, 45)), 0);
  m.reset();
  assert.equal(m.update(sample(4000, 60)), 0);
});
