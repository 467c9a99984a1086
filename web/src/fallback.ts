import type { CameraState } from './types';

/** How a tile shows its camera right now. */
export type Transport = 'webrtc' | 'mjpeg';

/** What the fallback decision looks at, sampled on every status change and every 1 s tick. */
export interface FallbackInput {
  /** `performance.now()`-style clock, ms. */
  now: number;
  /** The WebRTC viewer is decoding frames. */
  webrtcLive: boolean;
  /** The server's camera state (null until known). */
  cameraState: CameraState | null;
}

/**
 * Per-tile MJPEG fallback decision (pure; time is a parameter). Starts on WebRTC. Switches to MJPEG when WebRTC
 * has decoded no frame for `fallbackAfterMs` (default 4 s) since the viewer stopped being live / began connecting, or at
 * once when a WebRTC attempt fails (ICE/DTLS failure, connection `failed`). Switches back to WebRTC as soon as a
 * (background) WebRTC attempt decodes frames. While the camera is `Starting`/`Restarting` the timer waits (MJPEG would
 * have no frames either); while it is `Failed` the tile stays on WebRTC (the server answers MJPEG with 503 too).
 */
export class FallbackPolicy {
  private pendingSince: number | null = null;
  private current: Transport = 'webrtc';
  private cameraState: CameraState | null = null;

  constructor(readonly fallbackAfterMs = 4000) {}

  get transport(): Transport {
    return this.current;
  }

  /** Re-evaluates; returns the transport to show. */
  update(input: FallbackInput): Transport {
    this.cameraState = input.cameraState;
    if (input.webrtcLive) {
      this.pendingSince = null;
      this.current = 'webrtc';
    } else if (input.cameraState === 'Failed') {
      this.pendingSince = null;
      this.current = 'webrtc';
    } else if (input.cameraState === 'Starting' || input.cameraState === 'Restarting') {
      this.pendingSince = input.now;
    } else {
      this.pendingSince ??= input.now;
      if (input.now - this.pendingSince >= this.fallbackAfterMs) this.current = 'mjpeg';
    }
    return this.current;
  }

  /** A WebRTC attempt failed outright (ICE/DTLS/connection failed): fall back now unless the camera itself failed. */
  webrtcFailed(now: number): Transport {
    if (this.cameraState !== 'Failed') {
      this.current = 'mjpeg';
      this.pendingSince ??= now;
    }
    return this.current;
  }
}

/** The MJPEG URL of a camera, relative to the page (works under a path prefix). */
export function mjpegUrl(cameraId: string): string {
  return `api/cameras/${encodeURIComponent(cameraId)}/mjpeg`;
}
