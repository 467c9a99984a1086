import type { SynchronizationSourceWithCapture } from './webrtc-ext';

/** The Unix epoch on the NTP timescale in ms: 70 years incl. 17 leap days (RFC 868; RFC 5905 §6). */
export const NTP_UNIX_OFFSET_MS = 2_208_988_800_000;

/** Video RTP clock rate, ticks per ms (RFC 6184 §8.2.1: 90 kHz). */
export const VIDEO_RTP_TICKS_PER_MS = 90;

/** Converts an NTP-epoch time in ms to Unix-epoch ms. */
export function ntpMsToUnixMs(ntpMs: number): number {
  return ntpMs - NTP_UNIX_OFFSET_MS;
}

/** Signed difference a − b of two 32-bit RTP timestamps, modulo 2^32 (RFC 3550 §5.1), in ticks. */
export function rtpTimestampDiff(a: number, b: number): number {
  return ((a - b) | 0);
}

/**
 * Capture time (Unix ms, in the sender's clock) of the frame whose RTP timestamp is `rtpTimestamp`,
 * extrapolated from an abs-capture-time reading `source` of the same stream (the draft's "timestamp
 * interpolation"). Returns null when the source has no capture time or the frames are > 10 s apart.
 */
export function captureUnixMsForFrame(
  source: SynchronizationSourceWithCapture,
  rtpTimestamp: number,
): number | null {
  if (source.captureTimestamp === undefined) return null;
  const ticks = rtpTimestampDiff(rtpTimestamp, source.rtpTimestamp);
  if (Math.abs(ticks) > 10_000 * VIDEO_RTP_TICKS_PER_MS) return null;
  // Capture NTP = Sender NTP + offset, so in the sender's clock the capture time is captureTimestamp − offset.
  const senderNtpMs = source.captureTimestamp - (source.senderCaptureTimeOffset ?? 0);
  return ntpMsToUnixMs(senderNtpMs) + ticks / VIDEO_RTP_TICKS_PER_MS;
}

/** Median (p50) of the values; null when empty. Does not modify the input. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Timed samples in a sliding window; `p50(now)` is the median of the samples newer than `windowMs`. */
export class SlidingWindow {
  private readonly times: number[] = [];
  private readonly values: number[] = [];

  constructor(private readonly windowMs = 1000) {}

  /** Adds a sample taken at `atMs` (any monotonic ms clock, the same as `p50`'s). */
  add(atMs: number, value: number): void {
    this.times.push(atMs);
    this.values.push(value);
  }

  /** Median of the samples in (nowMs − windowMs, nowMs], rounded to 0.1 ms; null when none. */
  p50(nowMs: number): number | null {
    this.prune(nowMs);
    const m = median(this.values);
    return m === null ? null : Math.round(m * 10) / 10;
  }

  /** Number of samples currently held. */
  get count(): number {
    return this.values.length;
  }

  clear(): void {
    this.times.length = 0;
    this.values.length = 0;
  }

  private prune(nowMs: number): void {
    let drop = 0;
    while (drop < this.times.length && this.times[drop]! <= nowMs - this.windowMs) drop++;
    if (drop > 0) {
      this.times.splice(0, drop);
      this.values.splice(0, drop);
    }
  }
}

/** Where the latest latency sample came from. */
export type LatencySource = 'abs-capture-time' | 'rvfc-capture-time' | null;

/**
 * Measures capture-to-display latency per frame for one receiving <video>:
 * - with requestVideoFrameCallback: for each presented frame, its capture time from abs-capture-time
 *   (matched to the frame by RTP timestamp) or else the browser's own `captureTime` estimate (from RTCP SR),
 *   against `expectedDisplayTime`;
 * - without it: polls `getSynchronizationSources()` and uses the SSRC entry's `timestamp` (the time the
 *   frame was delivered to the track, Unix ms) against its capture time.
 * abs-capture-time is an absolute wall-clock stamp: the number is only right when the gateway and the
 * viewer's clocks are synchronised (NTP/PTP).
 */
export class LatencyMeter {
  private readonly window = new SlidingWindow(1000);
  private active = false;
  private rvfcHandle: number | null = null;
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private lastPolledRtp: number | null = null;
  private lastSource: LatencySource = null;

  constructor(
    private readonly video: HTMLVideoElement,
    private receiver: RTCRtpReceiver | null = null,
  ) {}

  /** Sets the receiver to read abs-capture-time from (null when not connected); clears the window. */
  setReceiver(receiver: RTCRtpReceiver | null): void {
    this.receiver = receiver;
    this.lastPolledRtp = null;
    this.window.clear();
  }

  start(): void {
    if (this.active) return;
    this.active = true;
    if (typeof this.video.requestVideoFrameCallback === 'function') {
      const onFrame = (now: DOMHighResTimeStamp, meta: VideoFrameCallbackMetadata): void => {
        if (!this.active) return;
        this.onVideoFrame(now, meta);
        this.rvfcHandle = this.video.requestVideoFrameCallback(onFrame);
      };
      this.rvfcHandle = this.video.requestVideoFrameCallback(onFrame);
    } else {
      this.pollTimer = setInterval(() => this.poll(), 50);
    }
  }

  stop(): void {
    this.active = false;
    if (this.rvfcHandle !== null && typeof this.video.cancelVideoFrameCallback === 'function') {
      this.video.cancelVideoFrameCallback(this.rvfcHandle);
    }
    this.rvfcHandle = null;
    if (this.pollTimer !== null) clearInterval(this.pollTimer);
    this.pollTimer = null;
  }

  /** Median latency (ms) over the last second, null when no sample. */
  p50(): number | null {
    return this.window.p50(performance.now());
  }

  /** The source of the latest sample. */
  get source(): LatencySource {
    return this.lastSource;
  }

  private captureSource(): SynchronizationSourceWithCapture | null {
    if (this.receiver === null || typeof this.receiver.getSynchronizationSources !== 'function') return null;
    const sources = this.receiver.getSynchronizationSources() as SynchronizationSourceWithCapture[];
    return sources.find((s) => s.captureTimestamp !== undefined) ?? null;
  }

  private onVideoFrame(_now: DOMHighResTimeStamp, meta: VideoFrameCallbackMetadata): void {
    const displayPerfMs = meta.expectedDisplayTime;
    const source = this.captureSource();
    if (source !== null) {
      const captureUnixMs = captureUnixMsForFrame(source, meta.rtpTimestamp ?? source.rtpTimestamp);
      if (captureUnixMs !== null) {
        const displayUnixMs = performance.timeOrigin + displayPerfMs;
        this.window.add(performance.now(), displayUnixMs - captureUnixMs);
        this.lastSource = 'abs-capture-time';
        return;
      }
    }
    if (meta.captureTime !== undefined) {
      // Both in the page's performance.now() clock (the browser maps the sender's clock via RTCP SR).
      this.window.add(performance.now(), displayPerfMs - meta.captureTime);
      this.lastSource = 'rvfc-capture-time';
    }
  }

  private poll(): void {
    const source = this.captureSource();
    if (source === null || source.rtpTimestamp === this.lastPolledRtp) return;
    this.lastPolledRtp = source.rtpTimestamp;
    const captureUnixMs = captureUnixMsForFrame(source, source.rtpTimestamp);
    if (captureUnixMs === null) return;
    // RTCRtpSynchronizationSource.timestamp: when the frame was delivered, Unix-epoch ms (webrtc-pc §5.4).
    this.window.add(performance.now(), source.timestamp - captureUnixMs);
    this.lastSource = 'abs-capture-time';
  }
}
