/**
 * Receiver statistics from RTCPeerConnection.getStats() (W3C webrtc-stats): the inbound video
 * stream (§8.5 RTCInboundRtpStreamStats) and the selected candidate pair (§8.17).
 */

/** One reading of the inbound video stream. */
export interface VideoStatsSample {
  /** Stats timestamp (ms, performance clock origin per webrtc-stats). */
  timestamp: number;
  framesDecoded: number;
  /** The browser's own frames-per-second figure, when it reports one. */
  framesPerSecond: number | null;
  frameWidth: number;
  frameHeight: number;
  packetsLost: number;
  /** Payload and header bytes received on the inbound video stream so far (webrtc-stats §8.5 bytesReceived, which
   * excludes RTP headers and padding). */
  bytesReceived: number;
  /** Mean jitter-buffer delay (ms) per emitted frame, null before any. */
  jitterBufferMs: number | null;
  /** Round-trip time (ms) of the selected candidate pair (STUN consent checks), null when unknown. */
  rttMs: number | null;
  /** Codec mime type, e.g. "video/H264", null when unknown. */
  codec: string | null;
}

type StatsRecord = Record<string, unknown> & { type: string; id: string };

function num(record: StatsRecord | undefined, key: string): number | null {
  const value = record?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function str(record: StatsRecord | undefined, key: string): string | null {
  const value = record?.[key];
  return typeof value === 'string' ? value : null;
}

/** Extracts a VideoStatsSample from a stats report (as a list of its records); null when no inbound video. */
export function parseVideoStats(records: readonly StatsRecord[]): VideoStatsSample | null {
  const byId = new Map(records.map((r) => [r.id, r] as const));
  const inbound = records
    .filter((r) => r.type === 'inbound-rtp' && (r['kind'] ?? r['mediaType']) === 'video')
    .sort((a, b) => (num(b, 'framesDecoded') ?? 0) - (num(a, 'framesDecoded') ?? 0))[0];
  if (inbound === undefined) return null;

  const transport = records.find((r) => r.type === 'transport');
  const pairId = str(transport, 'selectedCandidatePairId');
  const pair =
    (pairId !== null ? byId.get(pairId) : undefined) ??
    records.find((r) => r.type === 'candidate-pair' && r['nominated'] === true && r['state'] === 'succeeded');
  const rttS = num(pair, 'currentRoundTripTime');

  const codecId = str(inbound, 'codecId');
  const codec = codecId !== null ? str(byId.get(codecId), 'mimeType') : null;

  const emitted = num(inbound, 'jitterBufferEmittedCount');
  const jbDelayS = num(inbound, 'jitterBufferDelay');

  return {
    timestamp: num(inbound, 'timestamp') ?? 0,
    framesDecoded: num(inbound, 'framesDecoded') ?? 0,
    framesPerSecond: num(inbound, 'framesPerSecond'),
    frameWidth: num(inbound, 'frameWidth') ?? 0,
    frameHeight: num(inbound, 'frameHeight') ?? 0,
    packetsLost: num(inbound, 'packetsLost') ?? 0,
    bytesReceived: num(inbound, 'bytesReceived') ?? 0,
    jitterBufferMs: emitted !== null && emitted > 0 && jbDelayS !== null ? (jbDelayS / emitted) * 1000 : null,
    rttMs: rttS !== null ? rttS * 1000 : null,
    codec,
  };
}

/** Reads the peer connection's stats; null when there is no inbound video yet or getStats fails. */
export async function readVideoStats(pc: RTCPeerConnection): Promise<VideoStatsSample | null> {
  try {
    const report = await pc.getStats();
    const records: StatsRecord[] = [];
    report.forEach((value: unknown) => records.push(value as StatsRecord));
    return parseVideoStats(records);
  } catch {
    return null;
  }
}

/**
 * Received video bitrate (bits/s) from successive bytesReceived readings: what the gateway sends this viewer, as the
 * browser counts it (RTP payload bytes, webrtc-stats §8.5). Null on the first reading, after a counter reset (a new
 * peer connection) or when time did not advance.
 */
export class BitrateMeter {
  private previous: VideoStatsSample | null = null;

  /** Feeds a reading; returns bits/s since the previous one, or null. */
  update(sample: VideoStatsSample): number | null {
    const prev = this.previous;
    this.previous = sample;
    if (prev === null || sample.timestamp <= prev.timestamp || sample.bytesReceived < prev.bytesReceived) return null;
    return ((sample.bytesReceived - prev.bytesReceived) * 8 * 1000) / (sample.timestamp - prev.timestamp);
  }

  reset(): void {
    this.previous = null;
  }
}

/** A bitrate for the tile: "1.9 Mbit/s" from 1 Mbit/s up, "850 kbit/s" below, "–" when unknown. */
export function formatBitrate(bitsPerSecond: number | null): string {
  if (bitsPerSecond === null || !Number.isFinite(bitsPerSecond) || bitsPerSecond < 0) return '–';
  if (bitsPerSecond >= 999_500) return `${(bitsPerSecond / 1_000_000).toFixed(1)} Mbit/s`;
  return `${Math.round(bitsPerSecond / 1000)} kbit/s`;
}

/** Frames per second from successive framesDecoded readings (falls back to the browser's framesPerSecond). */
export class FpsMeter {
  private previous: VideoStatsSample | null = null;

  /** Feeds a reading; returns the fps since the previous one, rounded to 0.1. */
  update(sample: VideoStatsSample): number {
    const prev = this.previous;
    this.previous = sample;
    if (prev !== null && sample.timestamp > prev.timestamp && sample.framesDecoded >= prev.framesDecoded) {
      const fps = ((sample.framesDecoded - prev.framesDecoded) * 1000) / (sample.timestamp - prev.timestamp);
      return Math.round(fps * 10) / 10;
    }
    return sample.framesPerSecond ?? 0;
  }

  reset(): void {
    this.previous = null;
  }
}
