import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ControlState,
  DriveScheduler,
  ERROR_SHOW_MS,
  QUIET_MAX_MS,
  RTT_WINDOW,
  RttStats,
  TELEMETRY_MAX_CHARS,
  combineDrive,
  driveFromAxes,
  driveFromKeys,
  formatTelemetry,
  leaseText,
  parseControlMessage,
  parseControlOptions,
  type Drive,
} from '../src/control';
import { seeded } from './rng';

test('protocol messages parse', () => {
  assert.deepEqual(parseControlMessage('{"type":"lease","granted":true,"holder":"s1"}'), { type: 'lease', granted: true, holder: 's1' });
  assert.deepEqual(parseControlMessage('{"type":"lease","granted":false,"holder":null}'), { type: 'lease', granted: false, holder: null });
  assert.deepEqual(parseControlMessage('{"type":"pong","id":3,"t":12.5,"gatewayTime":1700000000000}'), {
    type: 'pong', id: 3, t: 12.5, gatewayTime: 1700000000000,
  });
  assert.deepEqual(parseControlMessage('{"type":"deadman","reason":"no command for 500 ms"}'), { type: 'deadman', reason: 'no command for 500 ms' });
  assert.deepEqual(parseControlMessage('{"type":"telemetry","data":{"v":1}}'), { type: 'telemetry', data: { v: 1 } });
  assert.deepEqual(parseControlMessage('{"type":"error","reason":"held by s2"}'), { type: 'error', reason: 'held by s2' });
  assert.deepEqual(parseControlMessage('{"type":"ack","seq":7,"id":"a"}'), { type: 'ack', seq: 7, id: 'a' });
});

test('malformed messages are null', () => {
  for (const text of ['', 'nope', '[]', 'null', '5', '{"type":"lease"}', '{"type":"lease","granted":"yes"}',
    '{"type":"lease","granted":true,"holder":5}', '{"type":"pong","id":"x","t":1}', '{"type":"pong","id":1}',
    '{"type":"telemetry"}', '{"type":"ack"}', '{"type":"other"}', '{"granted":true}']) {
    assert.equal(parseControlMessage(text), null, text);
  }
});

test('random and mutated input never throws', () => {
  const rnd = seeded(5);
  const seeds = [
    '{"type":"lease","granted":true,"holder":"s1"}', '{"type":"pong","id":3,"t":12.5,"gatewayTime":1}',
    '{"type":"deadman","reason":"x"}', '{"type":"telemetry","data":{"a":[1,2,{"b":null}]}}', '{"type":"error","reason":"e"}',
  ];
  const alphabet = '{}[]":,0123456789.-etruefalsnulltypeleasepongdeadman \\';
  const state = new ControlState();
  state.channelCreated();
  state.channelStateChanged('open');
  let cases = 0;
  for (let i = 0; i < 20_000; i++) {
    const base = seeds[i % seeds.length] as string;
    let text: string;
    if (i % 3 === 0) {
      text = Array.from({ length: Math.floor(rnd() * 40) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
    } else {
      const chars = [...base];
      const edits = 1 + Math.floor(rnd() * 4);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(rnd() * chars.length);
        const op = rnd();
        if (op < 0.33) chars.splice(at, 1);
        else if (op < 0.66) chars.splice(at, 0, alphabet[Math.floor(rnd() * alphabet.length)] as string);
        else chars[at] = alphabet[Math.floor(rnd() * alphabet.length)] as string;
      }
      text = chars.join('');
    }
    state.receive(text, i); // must not throw
    cases++;
  }
  assert.equal(cases, 20_000);
  assert.ok(['holder', 'watching', 'none'].includes(state.lease));
});

test('lease messages set holder / watching / none', () => {
  const s = new ControlState();
  s.channelCreated();
  s.channelStateChanged('open');
  s.receive('{"type":"lease","granted":true,"holder":"me"}', 0);
  assert.equal(s.lease, 'holder');
  assert.equal(s.holder, 'me');
  assert.equal(s.canDrive, true);
  s.receive('{"type":"lease","granted":false,"holder":"other"}', 0);
  assert.equal(s.lease, 'watching');
  assert.equal(s.holder, 'other');
  assert.equal(s.canDrive, false);
  assert.equal(leaseText(s.lease, s.holder, s.channelState), 'Watching — controlled by other');
  s.receive('{"type":"lease","granted":false,"holder":null}', 0);
  assert.equal(s.lease, 'none');
  assert.equal(leaseText(s.lease, s.holder, s.channelState), 'No control');
  s.receive('{"type":"lease","granted":true,"holder":"me"}', 0);
  s.channelStateChanged('closed');
  assert.equal(s.lease, 'none');
  assert.equal(s.canDrive, false);
  assert.equal(leaseText('holder', 'me', 'open'), 'You have control');
});

test('rtt: pongs match pings by id; last and median of the last 20', () => {
  const s = new ControlState();
  s.channelCreated();
  assert.equal(s.ping(0), null, 'no ping before the channel opens');
  s.channelStateChanged('open');
  const rtts = [5, 1, 9, 3, 7];
  let now = 1000;
  for (const rtt of rtts) {
    const p = s.ping(now);
    assert.ok(p !== null);
    s.receive(JSON.stringify({ type: 'pong', id: p.id, t: p.t, gatewayTime: 1 }), now + rtt);
    now += 500;
  }
  assert.equal(s.rtt.last, 7);
  assert.equal(s.rtt.p50(), 5);
  // A pong for an unknown id is ignored.
  s.receive('{"type":"pong","id":999,"t":0}', now);
  assert.equal(s.rtt.count, rtts.length);

  const r = new RttStats();
  for (let i = 1; i <= 30; i++) r.add(i);
  assert.equal(r.count, RTT_WINDOW);
  assert.equal(r.p50(), (20 + 21) / 2, 'window holds 11..30');
  r.add(-1);
  r.add(Number.NaN);
  assert.equal(r.last, 30);
});

test('unanswered pings are bounded', () => {
  const s = new ControlState();
  s.channelCreated();
  s.channelStateChanged('open');
  let first = -1;
  for (let i = 0; i < 100; i++) {
    const p = s.ping(i);
    if (first < 0 && p !== null) first = p.id;
  }
  s.receive(JSON.stringify({ type: 'pong', id: first, t: 0 }), 200);
  assert.equal(s.rtt.count, 0, 'the oldest ping was forgotten');
});

test('deadman shows until the next command; a zero command makes the channel quiet until the deadman', () => {
  const s = new ControlState();
  s.channelCreated();
  s.channelStateChanged('open');
  s.receive('{"type":"lease","granted":true,"holder":"me"}', 0);
  s.commandSent(false, 0);
  assert.ok(s.ping(10) !== null, 'pings while driving');
  s.commandSent(true, 20);
  assert.equal(s.ping(100), null, 'quiet after the zero command');
  assert.equal(s.ping(600), null);
  s.receive('{"type":"deadman","reason":"no command for 500 ms"}', 620);
  assert.equal(s.lastDeadman, 'no command for 500 ms');
  assert.ok(s.ping(700) !== null, 'pings resume after the deadman');
  s.commandSent(false, 800);
  assert.equal(s.lastDeadman, null);
  assert.equal(s.commandsSent, 3);
  // No deadman ever: pings resume after QUIET_MAX_MS.
  s.commandSent(true, 1000);
  assert.equal(s.ping(1000 + QUIET_MAX_MS - 1), null);
  assert.ok(s.ping(1000 + QUIET_MAX_MS) !== null);
});

test('telemetry is compact and truncated; errors show briefly', () => {
  const s = new ControlState();
  s.receive('{"type":"telemetry","data":{ "battery" : 12.5 }}', 0);
  assert.equal(s.lastTelemetry, '{"battery":12.5}');
  const long = formatTelemetry({ text: 'x'.repeat(1000) });
  assert.equal(long.length, TELEMETRY_MAX_CHARS);
  assert.ok(long.endsWith('…'));
  s.receive('{"type":"error","reason":"control of cam0 is held by session s2"}', 100);
  assert.equal(s.errorVisible(100 + ERROR_SHOW_MS - 1), true);
  assert.equal(s.errorVisible(100 + ERROR_SHOW_MS), false);
  assert.equal(s.lastError, 'control of cam0 is held by session s2');
});

test('keys and axes map to drive', () => {
  assert.deepEqual(driveFromKeys(new Set(['ArrowUp'])), { linear: 1, angular: 0 });
  assert.deepEqual(driveFromKeys(new Set(['ArrowDown', 'ArrowRight'])), { linear: -1, angular: -1 });
  assert.deepEqual(driveFromKeys(new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft'])), { linear: 0, angular: 1 });
  assert.deepEqual(driveFromAxes([0.05, -0.1]), { linear: 0, angular: 0 }, 'dead zone');
  assert.deepEqual(driveFromAxes([-1, -1]), { linear: 1, angular: 1 }, 'stick up-left = forward + left');
  assert.deepEqual(driveFromAxes([1, 1]), { linear: -1, angular: -1 });
  const half = driveFromAxes([0, -0.575]);
  assert.equal(half.linear, 0.5);
  assert.deepEqual(driveFromAxes([]), { linear: 0, angular: 0 });
  assert.deepEqual(driveFromAxes([Number.NaN, 5]), { linear: -1, angular: 0 });
  assert.deepEqual(combineDrive({ linear: 1, angular: 0 }, { linear: -0.3, angular: 0.4 }), { linear: 1, angular: 0.4 });
});

test('scheduler: steady rate while active, one zero on release, then silence', () => {
  const hz = 20;
  const sched = new DriveScheduler(hz);
  const fwd: Drive = { linear: 1, angular: 0 };
  const zero: Drive = { linear: 0, angular: 0 };
  const sent: Array<{ at: number; d: Drive }> = [];
  // Timer ticking every 10 ms (faster than the rate) for 1 s with the key held, then 1 s released.
  for (let t = 0; t < 2000; t += 10) {
    const d = sched.next(t < 1000 ? fwd : zero, t);
    if (d !== null) sent.push({ at: t, d });
  }
  const active = sent.filter((s) => s.d.linear === 1);
  assert.equal(active.length, hz, `${active.length} commands in 1 s`);
  for (let i = 1; i < active.length; i++) {
    const gap = (active[i] as { at: number }).at - (active[i - 1] as { at: number }).at;
    assert.ok(gap >= 48 && gap <= 52, `gap ${gap} ms`);
  }
  const zeros = sent.filter((s) => s.d.linear === 0 && s.d.angular === 0);
  assert.equal(zeros.length, 1);
  assert.equal(zeros[0]?.at, 1000, 'the zero goes out at once');
  assert.equal(sent.at(-1)?.at, 1000, 'nothing after the zero');
});

test('scheduler: a changed input is sent at once; reset forgets', () => {
  const sched = new DriveScheduler(20);
  assert.equal(sched.next({ linear: 0, angular: 0 }, 0), null, 'idle sends nothing');
  assert.deepEqual(sched.next({ linear: 1, angular: 0 }, 0), { linear: 1, angular: 0 });
  assert.equal(sched.next({ linear: 1, angular: 0 }, 10), null);
  assert.deepEqual(sched.next({ linear: 1, angular: 1 }, 11), { linear: 1, angular: 1 });
  sched.reset();
  assert.equal(sched.next({ linear: 0, angular: 0 }, 12), null, 'after reset a zero is not re-sent');
  assert.deepEqual(sched.next({ linear: 1, angular: 1 }, 13), { linear: 1, angular: 1 });
});

test('control options', () => {
  assert.deepEqual(parseControlOptions(''), { open: false, hz: 20 });
  assert.deepEqual(parseControlOptions('?control=1&controlHz=50'), { open: true, hz: 50 });
  assert.deepEqual(parseControlOptions('?control=0&controlHz=0'), { open: false, hz: 20 });
  assert.deepEqual(parseControlOptions('?control&controlHz=abc'), { open: true, hz: 20 });
  assert.deepEqual(parseControlOptions('?controlHz=1000'), { open: false, hz: 20 });
  assert.equal(parseControlOptions('?controlHz=12.5').hz, 12.5);
});
