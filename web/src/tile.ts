import { ControlPanel } from './control-panel';
import { FallbackPolicy, mjpegUrl } from './fallback';
import { NegotiationError, ViewerSession, type Negotiator, type ViewerSnapshot } from './session';
import type { SignalingClient } from './signaling';
import type { CameraInfo, CameraState, TileHook } from './types';
import { VideoPanel } from './view';

/** Negotiates one camera's session through the SignalR hub. */
class HubNegotiator implements Negotiator {
  constructor(
    private readonly signaling: SignalingClient,
    private readonly cameraId: string,
  ) {}

  ready(): Promise<void> {
    return this.signaling.whenConnected();
  }

  async negotiate(offerSdp: string): Promise<{ id: string; answerSdp: string }> {
    try {
      const result = await this.signaling.connect(this.cameraId, offerSdp);
      return { id: result.sessionId, answerSdp: result.answerSdp };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // While connected, a rejection is the server's answer (HubException); otherwise the transport failed.
      throw new NegotiationError(hubReason(message), this.signaling.isConnected);
    }
  }

  async addCandidate(id: string, candidate: string): Promise<void> {
    try {
      await this.signaling.addIceCandidate(id, candidate);
    } catch {
      // ICE-lite server: trickled candidates are informational.
    }
  }

  release(id: string): void {
    this.signaling.disconnectBestEffort(id);
  }
}

/** The reason part of SignalR's "An unexpected error occurred invoking 'Connect' on the server. HubException: <reason>". */
export function hubReason(message: string): string {
  const marker = 'HubException: ';
  const at = message.indexOf(marker);
  return at >= 0 ? message.slice(at + marker.length) : message;
}

/** One camera tile: a VideoPanel plus a ViewerSession negotiated over the hub, driven by camera state. */
export class Tile {
  readonly panel: VideoPanel;
  readonly control: ControlPanel;
  private readonly session: ViewerSession;
  private readonly fallback = new FallbackPolicy();
  private camera: CameraInfo | null = null;
  private lastSnapshot: ViewerSnapshot;

  constructor(
    readonly cameraId: string,
    signaling: SignalingClient,
    debug: boolean,
    control: { open: boolean; hz: number },
  ) {
    this.panel = new VideoPanel(cameraId, debug);
    this.panel.root.dataset['cameraId'] = cameraId;
    this.control = new ControlPanel({
      tile: this.panel.root,
      header: this.panel.header,
      hz: control.hz,
      open: control.open,
      onNeedChannel: () => this.session.restart('opening the control channel', { immediate: true }),
    });
    this.session = new ViewerSession({
      video: this.panel.video,
      negotiator: new HubNegotiator(signaling, cameraId),
      onChange: (snap) => this.onChange(snap),
      onPeerCreated: (pc) => this.control.attach(pc),
      holdWatchdog: () => this.cameraState === 'Starting' || this.cameraState === 'Restarting',
      onAttemptFailed: () => {
        this.fallback.webrtcFailed(performance.now());
        this.applyTransport();
      },
    });
    this.lastSnapshot = this.session.snapshot;
  }

  get cameraState(): CameraState | null {
    return this.camera?.state ?? null;
  }

  get sessionId(): string | null {
    return this.session.sessionId;
  }

  start(): void {
    this.session.start();
  }

  /** Applies a camera description (ListCameras or CameraStateChanged). */
  updateCamera(info: CameraInfo): void {
    const previous = this.camera?.state ?? null;
    this.camera = info;
    this.panel.setName(info.name || info.id);
    this.panel.setCameraState(info.state, info.encoder ?? undefined);
    if (info.state === 'Failed') {
      this.session.markFailed(info.lastError ?? 'camera failed');
    } else if (previous === 'Failed' && !this.session.isLive) {
      this.session.restart('camera recovered', { immediate: true });
    }
    this.render();
  }

  /** The server closed this tile's session. */
  sessionClosed(reason: string): void {
    this.session.restart(`session closed: ${reason}`);
  }

  /** The hub is unreachable or reconnecting. */
  hubDown(reason: string): void {
    this.session.signalingDown(reason);
  }

  /** The hub reconnected: old sessions died with the old connection; connect again now. */
  hubReconnected(): void {
    this.session.restart('signalling reconnected', { immediate: true });
  }

  stop(bestEffort: boolean): void {
    this.session.stop(bestEffort);
    if (bestEffort) this.control.dispose();
  }

  async tick(): Promise<void> {
    await this.session.tick();
    this.evaluateFallback();
  }

  /** The test-hook view of this tile. */
  hook(): TileHook {
    const s = this.lastSnapshot;
    return {
      status: s.status,
      framesDecoded: s.framesDecoded,
      fps: s.fps,
      width: s.width,
      height: s.height,
      latencyMs: s.latencyMs,
      latencySource: s.latencySource,
      rttMs: s.rttMs,
      codec: s.codec,
      bitrateBps: s.bitrateBps,
      sessionId: s.sessionId,
      transport: this.fallback.transport,
      cameraState: this.cameraState,
      lastError: this.errorText(),
      control: this.control.hook(),
    };
  }

  private errorText(): string | null {
    if (this.camera?.state === 'Failed') return this.camera.lastError ?? 'camera failed';
    return this.lastSnapshot.status === 'live' ? null : this.lastSnapshot.lastError;
  }

  private onChange(snap: ViewerSnapshot): void {
    this.lastSnapshot = snap;
    this.evaluateFallback();
    this.render();
  }

  /** WebRTC decoding → video; no frame for 4 s (or a failed attempt) → MJPEG while WebRTC retries behind it. */
  private evaluateFallback(): void {
    this.fallback.update({
      now: performance.now(),
      webrtcLive: this.lastSnapshot.status === 'live',
      cameraState: this.cameraState,
    });
    this.applyTransport();
  }

  private applyTransport(): void {
    if (this.lastSnapshot.status === 'stopped') {
      this.panel.setMjpeg(null);
      return;
    }
    const mjpeg = this.fallback.transport === 'mjpeg';
    if (mjpeg !== (this.panel.mjpegImage !== null)) {
      this.panel.setMjpeg(mjpeg ? mjpegUrl(this.cameraId) : null);
      this.render();
    }
  }

  private render(): void {
    this.panel.render(this.lastSnapshot, this.errorText());
  }
}
