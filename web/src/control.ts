/**
 * Teleoperation control protocol, client side (pure: no DOM, no timers; time comes in as `nowMs`, the
 * `performance.now()` clock). The gateway's side is documented in the repository README, "Teleoperation control":
 * a data channel labelled `control` (text JSON, unordered, `maxRetransmits: 0`).
 */

/** Data channel label the gateway runs the control protocol on. */
export const CONTROL_LABEL = 'control';

/** Options of the `control` channel: commands must never queue behind a lost packet (RFC 8831 §6.1 partial reliability). */
export const CONTROL_CHANNEL_OPTIONS: RTCDataChannelInit = { ordered: false, maxRetransmits: 0 };

/** Ping period, ms. */
export const PING_INTERVAL_MS = 500;

/** Number of pongs the RTT median covers. */
export const RTT_WINDOW = 20;

/** Longest telemetry text shown / kept in the hook, characters. */
export const TELEMETRY_MAX_CHARS = 160;

/** How long a gateway error stays visible, ms. */
export const ERROR_SHOW_MS = 4000;

/** Longest the channel stays quiet after a zero command waiting for the deadman before pings resume, ms. */
export const QUIET_MAX_MS = 5000;

/** A message from the gateway, as parsed; unknown or malformed messages are null. */
export type ControlMessage =
  | { type: 'lease'; granted: boolean; holder: string | null }
  | { type: 'pong'; id: number; t: number; gatewayTime: number | null }
  | { type: 'ack'; seq: number; id: unknown }
  | { type: 'deadman'; reason: string }
  | { type: 'telemetry'; data: unknown }
  | { type: 'error'; reason: string };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function finite(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Parses one text message from the gateway; returns null (never throws) for anything not in the protocol. */
export function parseControlMessage(text: string): ControlMessage | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(v)) return null;
  switch (v['type']) {
    case 'lease': {
      const holder = v['holder'];
      if (typeof v['granted'] !== 'boolean' || (holder !== null && holder !== undefined && typeof holder !== 'string')) return null;
      return { type: 'lease', granted: v['granted'], holder: typeof holder === 'string' ? holder : null };
    }
    case 'pong': {
      const id = v['id'];
      const t = v['t'];
      if (!finite(id) || !finite(t)) return null;
      const gatewayTime = v['gatewayTime'];
      return { type: 'pong', id, t, gatewayTime: finite(gatewayTime) ? gatewayTime : null };
    }
    case 'ack':
      return finite(v['seq']) ? { type: 'ack', seq: v['seq'], id: v['id'] } : null;
    case 'deadman':
    case 'error': {
      const reason = v['reason'];
      return { type: v['type'], reason: typeof reason === 'string' ? reason : reason === undefined ? '' : JSON.stringify(reason) };
    }
    case 'telemetry':
      return 'data' in v ? { type: 'telemetry', data: v['data'] } : null;
    default:
      return null;
  }
}

/** Compact JSON of a telemetry value, cut to `max` characters (with `…`). */
export function formatTelemetry(data: unknown, max = TELEMETRY_MAX_CHARS): string {
  let text: string;
  try {
    text = JSON.stringify(data) ?? String(data);
  } catch {
    text = String(data);
  }
  return text.length > max ? `${text.slice(0, Math.max(0, max - 1))}…` : text;
}

/** Round-trip times of the last `window` pongs (ms): the last one and the median. */
export class RttStats {
  private readonly samples: number[] = [];
  private lastMs: number | null = null;

  constructor(private readonly window = RTT_WINDOW) {}

  /** Adds one RTT (ms); negative or non-finite values are ignored. */
  add(rttMs: number): void {
    if (!Number.isFinite(rttMs) || rttMs < 0) return;
    this.lastMs = rttMs;
    this.samples.push(rttMs);
    if (this.samples.length > this.window) this.samples.shift();
  }

  /** The last RTT, ms; null before the first pong. */
  get last(): number | null {
    return this.lastMs;
  }

  /** Number of samples in the window. */
  get count(): number {
    return this.samples.length;
  }

  /** Median of the window (mean of the two middle values for an even count), ms; null when empty. */
  p50(): number | null {
    const n = this.samples.length;
    if (n === 0) return null;
    const sorted = [...this.samples].sort((a, b) => a - b);
    const mid = n >> 1;
    return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  }
}

/** Who controls the camera, from this viewer's point of view. */
export type LeaseView = 'holder' | 'watching' | 'none';

/** The `window.rtcgw.tiles[id].control` test hook. */
export interface ControlHook {
  channelState: RTCDataChannelState | 'none';
  lease: LeaseView;
  /** Session holding control (this one when `lease` is 'holder'), null when nobody / unknown. */
  holder: string | null;
  /** Last ping RTT, ms. */
  rttMs: number | null;
  /** Median RTT over the last 20 pongs, ms. */
  rttP50Ms: number | null;
  /** Drive commands sent on this page (all channels, all reconnects). */
  commandsSent: number;
  /** Reason of the last deadman stop; null before one and after the next command. */
  lastDeadman: string | null;
  /** Last telemetry, compact JSON (truncated). */
  lastTelemetry: string | null;
  /** Last error from the gateway. */
  lastError: string | null;
}

/**
 * Client state of the control protocol for one tile: lease, RTT, deadman, telemetry, errors, and the ping schedule.
 * Survives reconnects (a new channel resets the lease, not the counters).
 */
export class ControlState {
  channelState: RTCDataChannelState | 'none' = 'none';
  lease: LeaseView = 'none';
  holder: string | null = null;
  commandsSent = 0;
  lastDeadman: string | null = null;
  lastTelemetry: string | null = null;
  lastError: string | null = null;
  readonly rtt = new RttStats();
  private errorAtMs = -Infinity;
  private nextPingId = 1;
  private readonly pingsInFlight = new Map<number, number>();
  /** Since when the channel is deliberately silent (after a zero command, until the deadman), or null. */
  private quietSinceMs: number | null = null;

  /** A new channel was created (reconnect): lease unknown until the gateway says. */
  channelCreated(): void {
    this.channelState = 'connecting';
    this.lease = 'none';
    this.holder = null;
    this.pingsInFlight.clear();
    this.quietSinceMs = null;
  }

  /** The channel's readyState changed. */
  channelStateChanged(state: RTCDataChannelState): void {
    this.channelState = state;
    if (state === 'closing' || state === 'closed') {
      this.lease = 'none';
      this.holder = null;
      this.pingsInFlight.clear();
    }
  }

  /** Whether drive commands may be sent now (channel open and this session holds the lease). */
  get canDrive(): boolean {
    return this.channelState === 'open' && this.lease === 'holder';
  }

  /** Applies one text message from the gateway; returns what it was (null when unknown/malformed, ignored). */
  receive(text: string, nowMs: number): ControlMessage | null {
    const msg = parseControlMessage(text);
    if (msg === null) return null;
    switch (msg.type) {
      case 'lease':
        this.lease = msg.granted ? 'holder' : msg.holder !== null ? 'watching' : 'none';
        this.holder = msg.holder;
        if (!msg.granted) this.quietSinceMs = null;
        break;
      case 'pong': {
        const sentAt = this.pingsInFlight.get(msg.id);
        if (sentAt !== undefined) {
          this.pingsInFlight.delete(msg.id);
          this.rtt.add(nowMs - sentAt);
        }
        break;
      }
      case 'deadman':
        this.lastDeadman = msg.reason || 'deadman';
        this.quietSinceMs = null;
        break;
      case 'telemetry':
        this.lastTelemetry = formatTelemetry(msg.data);
        break;
      case 'error':
        this.lastError = msg.reason || 'error';
        this.errorAtMs = nowMs;
        break;
      case 'ack':
        break;
    }
    return msg;
  }

  /** Whether the last error should still be shown at `nowMs`. */
  errorVisible(nowMs: number): boolean {
    return this.lastError !== null && nowMs - this.errorAtMs < ERROR_SHOW_MS;
  }

  /**
   * Records a drive command about to be sent: clears the deadman indicator; a zero command starts a quiet period
   * (no pings) so that the gateway's deadman sees silence — pings from the holder count as liveness there.
   */
  commandSent(zero: boolean, nowMs: number): void {
    this.commandsSent++;
    this.lastDeadman = null;
    this.quietSinceMs = zero ? nowMs : null;
  }

  /**
   * The ping to send at `nowMs` (`{type:'ping',id,t}`), or null while the channel is not open or is quiet after a zero
   * command (until the deadman arrives, at most QUIET_MAX_MS).
   */
  ping(nowMs: number): { type: 'ping'; id: number; t: number } | null {
    if (this.channelState !== 'open') return null;
    if (this.quietSinceMs !== null) {
      if (nowMs - this.quietSinceMs < QUIET_MAX_MS) return null;
      this.quietSinceMs = null;
    }
    const id = this.nextPingId++;
    this.pingsInFlight.set(id, nowMs);
    // Unanswered pings (lost: maxRetransmits 0) must not pile up.
    if (this.pingsInFlight.size > RTT_WINDOW) {
      const oldest = this.pingsInFlight.keys().next().value;
      if (oldest !== undefined) this.pingsInFlight.delete(oldest);
    }
    return { type: 'ping', id, t: nowMs };
  }

  /** The test-hook view. */
  hook(): ControlHook {
    return {
      channelState: this.channelState,
      lease: this.lease,
      holder: this.holder,
      rttMs: this.rtt.last,
      rttP50Ms: this.rtt.p50(),
      commandsSent: this.commandsSent,
      lastDeadman: this.lastDeadman,
      lastTelemetry: this.lastTelemetry,
      lastError: this.lastError,
    };
  }
}

/** A drive command: `linear` forward (+) / backward (−), `angular` left (+, counter-clockwise, REP 103) / right (−); -1..1. */
export interface Drive {
  linear: number;
  angular: number;
}

/** The wire form of a drive command. */
export function driveMessage(d: Drive): { type: 'drive'; linear: number; angular: number } {
  return { type: 'drive', linear: d.linear, angular: d.angular };
}

function clamp1(v: number): number {
  return Number.isFinite(v) ? Math.max(-1, Math.min(1, v)) : 0;
}

/** Arrow keys held → drive: Up/Down → linear ±1, Left/Right → angular ±1 (opposite keys cancel). */
export function driveFromKeys(held: ReadonlySet<string>): Drive {
  const k = (key: string): number => (held.has(key) ? 1 : 0);
  return { linear: k('ArrowUp') - k('ArrowDown'), angular: k('ArrowLeft') - k('ArrowRight') };
}

/** Whether a `KeyboardEvent.key` is one the panel drives with. */
export function isDriveKey(key: string): boolean {
  return key === 'ArrowUp' || key === 'ArrowDown' || key === 'ArrowLeft' || key === 'ArrowRight';
}

/** Stick dead zone: |axis| below this counts as 0. */
export const GAMEPAD_DEADZONE = 0.15;

/**
 * Gamepad axes → drive (standard mapping: axis 0 = left stick X, right +; axis 1 = left stick Y, down +):
 * linear = −axis1, angular = −axis0, with a dead zone rescaled so that output starts at 0; rounded to 0.01.
 */
export function driveFromAxes(axes: readonly number[], deadzone = GAMEPAD_DEADZONE): Drive {
  const shape = (v: number | undefined): number => {
    const x = clamp1(v ?? 0);
    const m = Math.abs(x);
    if (m < deadzone) return 0;
    const out = Math.round(((m - deadzone) / (1 - deadzone)) * 100) / 100;
    return x < 0 ? out : -out; // inverted: up/left are negative on the stick, positive in the command
  };
  return { linear: shape(axes[1]), angular: shape(axes[0]) };
}

/** Keyboard and gamepad combined: the larger magnitude per axis wins; clamped to -1..1. */
export function combineDrive(a: Drive, b: Drive): Drive {
  const pick = (x: number, y: number): number => clamp1(Math.abs(x) >= Math.abs(y) ? x : y);
  return { linear: pick(a.linear, b.linear), angular: pick(a.angular, b.angular) };
}

export function isZero(d: Drive): boolean {
  return d.linear === 0 && d.angular === 0;
}

/**
 * When to send drive commands: every `1000/hz` ms while the input is non-zero (a changed value is sent at once), one
 * zero command when it returns to zero, then nothing (the gateway's deadman stops the robot after its timeout).
 */
export class DriveScheduler {
  private readonly intervalMs: number;
  private lastSentAtMs = -Infinity;
  private last: Drive | null = null;

  constructor(hz: number) {
    this.intervalMs = 1000 / hz;
  }

  /** Forgets what was sent (new channel or lost lease): the next non-zero input is sent at once. */
  reset(): void {
    this.last = null;
    this.lastSentAtMs = -Infinity;
  }

  /** The command to send for input `d` at `nowMs`, or null for none. Call at least at the command rate. */
  next(d: Drive, nowMs: number): Drive | null {
    const zero = isZero(d);
    if (zero && (this.last === null || isZero(this.last))) return null;
    const changed = this.last === null || this.last.linear !== d.linear || this.last.angular !== d.angular;
    // Tolerate a timer that fires slightly early (setInterval jitter) without halving the rate.
    if (!changed && nowMs - this.lastSentAtMs < this.intervalMs - 2) return null;
    this.last = { ...d };
    this.lastSentAtMs = nowMs;
    return { ...d };
  }
}

/** Operator panel options from the query string. */
export interface ControlOptions {
  /** `?control=1`: the panel starts open (and the control channel is created from the first connection). */
  open: boolean;
  /** `?controlHz=`: command rate while a key/stick is active, Hz; 1..100, default 20. */
  hz: number;
}

/** Parses `?control=1&controlHz=20` (invalid rates fall back to 20). */
export function parseControlOptions(search: string): ControlOptions {
  const params = new URLSearchParams(search);
  const control = params.get('control');
  const rawHz = params.get('controlHz');
  const hz = rawHz === null || rawHz.trim() === '' ? NaN : Number(rawHz);
  return {
    open: control !== null && control !== '0' && control !== 'false',
    hz: Number.isFinite(hz) && hz >= 1 && hz <= 100 ? hz : 20,
  };
}

/** Lease indicator text. */
export function leaseText(lease: LeaseView, holder: string | null, channelState: RTCDataChannelState | 'none'): string {
  if (channelState !== 'open') return channelState === 'connecting' ? 'Control: connecting…' : 'No control';
  if (lease === 'holder') return 'You have control';
  if (lease === 'watching') return `Watching — controlled by ${holder ?? 'another session'}`;
  return 'No control';
}
