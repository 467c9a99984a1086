import type {
  HeaderExtensionCapability,
  ReceiverWithPlayoutDelay,
  TransceiverWithHeaderExtensions,
} from './webrtc-ext';

/** abs-capture-time RTP header extension (webrtc.org experiments): 64-bit NTP capture time per frame. */
export const ABS_CAPTURE_TIME_URI = 'http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time';
/** playout-delay RTP header extension (webrtc.org experiments): min/max playout delay from the sender. */
export const PLAYOUT_DELAY_URI = 'http://www.webrtc.org/experiments/rtp-hdrext/playout-delay';

/** A receive-only video peer connection, configured for the gateway. */
export interface ReceiverPeer {
  pc: RTCPeerConnection;
  transceiver: RTCRtpTransceiver;
  /** Header-extension URIs this browser agreed to put in the offer beyond its defaults. */
  extraExtensions: string[];
}

/**
 * Returns the header-extension list with the wanted URIs switched on (direction `sendrecv`, which the
 * recvonly m-line narrows), or null when none of them is present and stopped.
 */
export function enableExtensions(
  current: readonly HeaderExtensionCapability[],
  wanted: readonly string[],
): HeaderExtensionCapability[] | null {
  let changed = false;
  const next = current.map((ext) => {
    if (wanted.includes(ext.uri) && ext.direction === 'stopped') {
      changed = true;
      return { uri: ext.uri, direction: 'sendrecv' as RTCRtpTransceiverDirection };
    }
    return { uri: ext.uri, direction: ext.direction };
  });
  return changed ? next : null;
}

/**
 * Turns on the wanted header extensions in the offer (webrtc-extensions setHeaderExtensionsToNegotiate).
 * Returns the URIs now enabled; [] when the API is missing or refuses.
 */
export function negotiateHeaderExtensions(transceiver: RTCRtpTransceiver, wanted: readonly string[]): string[] {
  const t = transceiver as TransceiverWithHeaderExtensions;
  if (typeof t.getHeaderExtensionsToNegotiate !== 'function' || typeof t.setHeaderExtensionsToNegotiate !== 'function') {
    return [];
  }
  try {
    const next = enableExtensions(t.getHeaderExtensionsToNegotiate(), wanted);
    if (next !== null) t.setHeaderExtensionsToNegotiate(next);
    return t
      .getHeaderExtensionsToNegotiate()
      .filter((e) => wanted.includes(e.uri) && e.direction !== 'stopped')
      .map((e) => e.uri);
  } catch (err) {
    console.warn('setHeaderExtensionsToNegotiate failed', err);
    return [];
  }
}

/** Rank for codec preference: H.264 packetization-mode=1 constrained baseline, other H.264, then the rest. */
function codecRank(codec: RTCRtpCodec): number {
  if (codec.mimeType.toLowerCase() !== 'video/h264') return 3;
  const fmtp = (codec.sdpFmtpLine ?? '').toLowerCase();
  const mode1 = fmtp.includes('packetization-mode=1');
  const cb = /profile-level-id=42e0/.test(fmtp);
  return mode1 && cb ? 0 : mode1 ? 1 : 2;
}

/** Codecs ordered H.264 first (stable otherwise); the input is not modified. */
export function orderCodecsH264First<T extends RTCRtpCodec>(codecs: readonly T[]): T[] {
  return codecs
    .map((c, i) => ({ c, i }))
    .sort((a, b) => codecRank(a.c) - codecRank(b.c) || a.i - b.i)
    .map(({ c }) => c);
}

/** Puts H.264 first in the offer when the browser can decode it; returns whether H.264 is available. */
export function preferH264(transceiver: RTCRtpTransceiver): boolean {
  const caps = typeof RTCRtpReceiver.getCapabilities === 'function' ? RTCRtpReceiver.getCapabilities('video') : null;
  if (caps === null) return false;
  const hasH264 = caps.codecs.some((c) => c.mimeType.toLowerCase() === 'video/h264');
  if (hasH264 && typeof transceiver.setCodecPreferences === 'function') {
    try {
      transceiver.setCodecPreferences(orderCodecsH264First(caps.codecs));
    } catch (err) {
      console.warn('setCodecPreferences failed', err);
    }
  }
  return hasH264;
}

/** Asks the receiver to render as soon as possible (jitterBufferTarget = 0; Chrome's playoutDelayHint = 0). */
export function applyLowLatency(receiver: RTCRtpReceiver): void {
  const r = receiver as ReceiverWithPlayoutDelay;
  try {
    if ('jitterBufferTarget' in r) r.jitterBufferTarget = 0;
  } catch (err) {
    console.warn('jitterBufferTarget not settable', err);
  }
  try {
    if ('playoutDelayHint' in r) r.playoutDelayHint = 0;
  } catch {
    // Older Chrome only; ignore.
  }
}

/**
 * Creates `RTCPeerConnection({ bundlePolicy: 'max-bundle' })` with one recvonly video transceiver,
 * H.264 preferred, abs-capture-time and playout-delay requested, and low-latency playout.
 */
export function createReceiverPeer(): ReceiverPeer {
  const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
  const transceiver = pc.addTransceiver('video', { direction: 'recvonly' });
  const extraExtensions = negotiateHeaderExtensions(transceiver, [ABS_CAPTURE_TIME_URI, PLAYOUT_DELAY_URI]);
  preferH264(transceiver);
  applyLowLatency(transceiver.receiver);
  return { pc, transceiver, extraExtensions };
}

/** Whether an SDP's media sections carry `a=extmap:<id> <uri>` for the URI (RFC 8285 §8). */
export function sdpHasExtension(sdp: string, uri: string): boolean {
  return sdp.split(/\r?\n/).some((line) => /^a=extmap:\d+(\/\w+)?\s/.test(line) && line.trim().split(/\s+/)[1] === uri);
}
