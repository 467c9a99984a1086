import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FpsMeter, parseVideoStats, type VideoStatsSample } from '../src/stats';
import { seeded } from './rng';

type Rec = Record<string, unknown> & { type: string; id: string };

const report: Rec[] = [
  { type: 'codec', id: 'C1', mimeType: 'video/H264' },
  { type: 'inbound-rtp', id: 'IA', kind: 'audio', framesDecoded: 999 },
  {
    type: 'inbound-rtp', id: 'IV', kind: 'video', timestamp: 5000, framesDecoded: 300, framesPerSecond: 30,
    frameWidth: 1280, frameHeight: 720, packetsLost: 2, codecId: 'C1', jitterBufferDelay: 1.5, jitterBufferEmittedCount: 300,
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

function sample(timestamp: number, framesDecoded: number, framesPerSecond: number | null = null): VideoStatsSample {
  return { timestamp, framesDecoded, framesPerSecond, frameWidth: 0, frameHeight: 0, packetsLost: 0, jitterBufferMs: null, rttMs: null, codec: null };
}

test('fps is the framesDecoded delta over the stats time delta', () => {
  const m = new FpsMeter();
  assert.equal(m.update(sample(1000, 0, 12)), 12); // first reading: the browser's figure
  assert.equal(m.update(sample(2000, 30)), 30);
  assert.equal(m.update(sample(2500, 45)), 30);
  assert.equal(m.update(sample(3500, 45)), 0);
  m.reset();
  assert.equal(m.update(sample(4000, 60)), 0);
});
