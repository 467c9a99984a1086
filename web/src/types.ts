import type { ControlHook } from './control';
/** Server contract shapes (SignalR hub `/hubs/signaling` and REST `/api/cameras`, camelCase JSON). */

/** A camera pipeline's state as the server reports it. */
export type CameraState = 'Idle' | 'Starting' | 'Streaming' | 'Restarting' | 'Failed';

/** One camera as listed by `ListCameras()` / `GET /api/cameras` and pushed by `CameraStateChanged`. */
export interface CameraInfo {
  id: string;
  name: string;
  source: string;
  state: CameraState;
  lastError: string | null;
  /** Pixels. */
  width: number;
  height: number;
  /** Frames per second. */
  framerate: number;
  encoder: string | null;
  viewers: number;
  mjpegClients: number;
  /** The encoder target in kbit/s (BitrateKbps until the bitrate policy lowers it). */
  targetBitrateKbps: number;
}

/** Result of the hub's `Connect(cameraId, offerSdp)`. */
export interface ConnectResult {
  sessionId: string;
  answerSdp: string;
}

/**
 * A viewer's status: `connecting` (first attempt), `live` (frames decoding), `reconnecting`
 * (lost or waiting to retry), `failed` (the server rejected us or reports the camera failed;
 * retries continue with backoff), `stopped` (closed by the user or the page).
 */
export type ViewerStatus = 'connecting' | 'live' | 'reconnecting' | 'failed' | 'stopped';

/** Per-tile test hook (`window.rtcgw.tiles[cameraId]`), refreshed every second. */
export interface TileHook {
  status: ViewerStatus;
  framesDecoded: number;
  /** Frames per second over the last second. */
  fps: number;
  /** Decoded frame size in pixels (0 until the first frame). */
  width: number;
  height: number;
  /** Median capture-to-display latency over the last second in ms, null when unknown. */
  latencyMs: number | null;
  sessionId: string | null;
  /** What the tile shows: the WebRTC video, or the MJPEG fallback `<img>` (WebRTC keeps retrying behind it). */
  transport: 'webrtc' | 'mjpeg';
  /** Where latencyMs comes from: abs-capture-time, the browser's rVFC captureTime, or null. */
  latencySource: 'abs-capture-time' | 'rvfc-capture-time' | null;
  /** Selected candidate pair round-trip time in ms, null when unknown. */
  rttMs: number | null;
  /** Negotiated codec mime type (e.g. "video/H264"), null when unknown. */
  codec: string | null;
  /** Received video bitrate over the last second in bits/s (what the tile shows as e.g. "1.9 Mbit/s"), null when unknown. */
  bitrateBps: number | null;
  /** Server's camera state, when known. */
  cameraState: CameraState | null;
  /** Last error or close reason shown on the tile, null when none. */
  lastError: string | null;
  /** The operator panel's control-protocol state. */
  control: ControlHook;
}

/** `window.rtcgw`. `ready` resolves once the tiles exist (camera list received or `?cameras=` given). */
export interface RtcgwHook {
  tiles: Record<string, TileHook>;
  ready: Promise<void>;
}

/** `window.rtcgwWhep`, refreshed every second. */
export interface WhepHook {
  status: ViewerStatus;
  framesDecoded: number;
  fps: number;
  width: number;
  height: number;
  latencyMs: number | null;
  /** Absolute URL of the WHEP session resource (the 201's Location), null when none. */
  location: string | null;
  lastError: string | null;
}

declare global {
  interface Window {
    rtcgw?: RtcgwHook;
    rtcgwWhep?: WhepHook;
  }
}
