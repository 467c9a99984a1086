import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Backoff } from '../src/backoff';
import { seeded } from './rng';

test('backoff doubles from 1 s and caps at 15 s without jitter', () => {
  const b = new Backoff(1000, 15000, () => 0.5); // factor 1.0
  const delays = Array.from({ length: 7 }, () => b.next());
  assert.deepEqual(delays, [1000, 2000, 4000, 8000, 15000, 15000, 15000]);
  assert.equal(b.attempts, 7);
});

test('backoff reset starts again from the initial delay', () => {
  const b = new Backoff(1000, 15000, () => 0.5);
  b.next();
  b.next();
  b.reset();
  assert.equal(b.attempts, 0);
  assert.equal(b.next(), 1000);
});

test('backoff jitter stays within ±20 % of the nominal delay', () => {
  const random = seeded(42);
  let cases = 0;
  for (let run = 0; run < 200; run++) {
    const b = new Backoff(1000, 15000, random);
    for (let i = 0; i < 10; i++) {
      const nominal = Math.min(15000, 1000 * 2 ** i);
      const d = b.next();
      assert.ok(d >= nominal * 0.8 - 1 && d <= nominal * 1.2 + 1, `attempt ${i}: ${d} vs ${nominal}`);
      cases++;
    }
  }
  assert.equal(cases, 2000);
});

test('backoff survives very many attempts', () => {
  const b = new Backoff(1000, 15000, () => 0.999);
  let last = 0;
  for (let i = 0; i < 5000; i++) last = b.next();
  assert.ok(Number.isFinite(last) && last <= 18000);
});
