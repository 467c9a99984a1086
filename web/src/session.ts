import { Backoff } from './backoff';
import { LatencyMeter, type LatencySource } from './latency';
import { createReceiverPeer, type ReceiverPeer } from './peer';
import { BitrateMeter, FpsMeter, readVideoStats } from './stats';
import type { ViewerStatus } from './types';

/** A negotiation failure; `rejected` means the server refused (4xx/HubException), not a transport error. */
export class NegotiationError extends Error {
  constructor(
    message: string,
    readonly rejected: boolean,
  ) {
    super(message);
    this.name = 'NegotiationError';
  }
}

/** How a viewer reaches the server: the SignalR hub (tiles) or WHEP (whep.html). */
export interface Negotiator {
  /** Resolves when an offer can be sent (e.g. the hub is connected). */
  ready(): Promise<void>;
  /** Sends the offer SDP; returns the server's session id and answer SDP. Throws NegotiationError. */
  negotiate(offerSdp: string): Promise<{ id: string; answerSdp: string }>;
  /** Trickles one local candidate (the `candidate:…` attribute value); failures are ignored. */
  addCandidate(id: string, candidate: string): Promise<void>;
  /** Ends the server session; `bestEffort` during page unload (fire and forget). Never throws. */
  release(id: string, bestEffort: boolean): void;
}

/** Everything a view shows about one viewer. */
export interface ViewerSnapshot {
  status: ViewerStatus;
  framesDecoded: number;
  fps: number;
  width: number;
  height: number;
  latencyMs: number | null;
  latencySource: LatencySource;
  rttMs: number | null;
  jitterBufferMs: number | null;
  packetsLost: number;
  /** Received video bitrate over the last stats tick (bits/s), null when unknown. */
  bitrateBps: number | null;
  codec: string | null;
  sessionId: string | null;
  lastError: string | null;
  offerSdp: string | null;
  answerSdp: string | null;
}

export interface ViewerSessionOptions {
  video: HTMLVideoElement;
  negotiator: Negotiator;
  /** Called after every status change and every stats tick (1 s). */
  onChange: (snapshot: ViewerSnapshot) => void;
  /** True while the frame watchdog should wait (e.g. the camera is Starting/Restarting). */
  holdWatchdog?: () => boolean;
  /** Called when an attempt fails outright: connection `failed` (ICE/DTLS) or a negotiation error. */
  onAttemptFailed?: (reason: string) => void;
  /** Called with each new peer connection before its offer is created (e.g. to add data channels). */
  onPeerCreated?: (pc: RTCPeerConnection) => void;
  /** Reconnect when no frame is decoded for this long while streaming (ms). Default 5000. */
  noFrameTimeoutMs?: number;
  /** Reconnect when negotiation + first frame take longer than this (ms). Default 15000. */
  negotiationTimeoutMs?: number;
}

type Phase = 'idle' | 'waiting' | 'negotiating' | 'streaming' | 'stopped';

/** Live for this long (ms) before the backoff starts again from 1 s. */
const STABLE_MS = 10_000;

/**
 * One receive-only WebRTC viewer with reconnection: negotiates through a Negotiator, watches the
 * connection state and decoded frames, and retries with backoff (1 s doubling to 15 s, jittered) on
 * failure, close, or no frames decoded for 5 s. Call `tick()` once a second.
 */
export class ViewerSession {
  private readonly backoff = new Backoff();
  private readonly fpsMeter = new FpsMeter();
  private readonly bitrateMeter = new BitrateMeter();
  private readonly latency: LatencyMeter;
  private readonly noFrameTimeoutMs: number;
  private readonly negotiationTimeoutMs: number;
  private generation = 0;
  private phase: Phase = 'idle';
  private peer: ReceiverPeer | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private everLive = false;
  private liveSince: number | null = null;
  private lastProgressAt = 0;
  private failed = false;
  private snap: ViewerSnapshot = {
    status: 'connecting',
    framesDecoded: 0,
    fps: 0,
    width: 0,
    height: 0,
    latencyMs: null,
    latencySource: null,
    rttMs: null,
    jitterBufferMs: null,
    packetsLost: 0,
    bitrateBps: null,
    codec: null,
    sessionId: null,
    lastError: null,
    offerSdp: null,
    answerSdp: null,
  };

  constructor(private readonly options: ViewerSessionOptions) {
    this.latency = new LatencyMeter(options.video);
    this.noFrameTimeoutMs = options.noFrameTimeoutMs ?? 5000;
    this.negotiationTimeoutMs = options.negotiationTimeoutMs ?? 15000;
  }

  /** The current state (a copy). */
  get snapshot(): ViewerSnapshot {
    return { ...this.snap };
  }

  /** Starts (or resumes after stop) connecting now. */
  start(): void {
    if (this.phase !== 'idle' && this.phase !== 'stopped') return;
    this.latency.start();
    void this.connect();
  }

  /**
   * Tears the current connection down and connects again: at once when `immediate` (backoff reset),
   * else after the next backoff delay. `failed` shows the viewer as failed until it is live again.
   */
  restart(reason: string, opts: { immediate?: boolean; failed?: boolean } = {}): void {
    if (this.phase === 'stopped') return;
    this.generation++;
    this.teardown(false);
    this.failed = opts.failed ?? false;
    this.snap.lastError = reason;
    this.setStatus(this.failed ? 'failed' : 'reconnecting');
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    if (opts.immediate === true) this.backoff.reset();
    const delay = opts.immediate === true ? 0 : this.backoff.next();
    this.phase = 'waiting';
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
  }

  /** Marks the viewer failed with a reason without tearing it down (e.g. the camera reports Failed). */
  markFailed(reason: string): void {
    if (this.phase === 'stopped') return;
    this.failed = true;
    this.snap.lastError = reason;
    this.setStatus('failed');
  }

  /**
   * The signalling path is down (e.g. hub unreachable): while waiting to negotiate, show
   * `reconnecting` with the reason instead of `connecting`. A live stream is left alone.
   */
  signalingDown(reason: string): void {
    if (this.phase !== 'waiting' || this.snap.status === 'live') return;
    this.snap.lastError = reason;
    if (!this.failed) this.setStatus('reconnecting');
    this.options.onChange(this.snapshot);
  }

  /** Whether the viewer is decoding frames now. */
  get isLive(): boolean {
    return this.snap.status === 'live';
  }

  /** Server session id, null when none. */
  get sessionId(): string | null {
    return this.snap.sessionId;
  }

  /** Stops for good (until start()); `bestEffort` when the page is unloading. */
  stop(bestEffort = false): void {
    this.generation++;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.teardown(bestEffort);
    this.latency.stop();
    this.phase = 'stopped';
    this.setStatus('stopped');
  }

  /** Refreshes stats, fps, latency and the frame watchdog; call once a second. */
  async tick(): Promise<void> {
    const peer = this.peer;
    const gen = this.generation;
    if (peer !== null) {
      const stats = await readVideoStats(peer.pc);
      if (gen !== this.generation) return;
      if (stats !== null) {
        const now = performance.now();
        if (stats.framesDecoded > this.snap.framesDecoded) {
          this.lastProgressAt = now;
          if (this.phase === 'negotiating') this.phase = 'streaming';
          if (this.snap.status !== 'live') this.onLive(now);
        }
        this.snap.fps = this.fpsMeter.update(stats);
        this.snap.framesDecoded = stats.framesDecoded;
        this.snap.width = stats.frameWidth || this.options.video.videoWidth;
        this.snap.height = stats.frameHeight || this.options.video.videoHeight;
        this.snap.rttMs = stats.rttMs;
        this.snap.jitterBufferMs = stats.jitterBufferMs;
        this.snap.packetsLost = stats.packetsLost;
        this.snap.bitrateBps = this.bitrateMeter.update(stats) ?? this.snap.bitrateBps;
        this.snap.codec = stats.codec;
        if (this.liveSince !== null && now - this.liveSince > STABLE_MS) this.backoff.reset();
      }
    }
    this.snap.latencyMs = this.latency.p50();
    this.snap.latencySource = this.latency.source;
    this.checkWatchdog();
    this.options.onChange(this.snapshot);
  }

  private onLive(now: number): void {
    this.everLive = true;
    this.failed = false;
    this.liveSince = now;
    this.snap.lastError = null;
    this.setStatus('live');
  }

  private checkWatchdog(): void {
    if (this.options.holdWatchdog?.() === true) {
      this.lastProgressAt = performance.now();
      return;
    }
    const idle = performance.now() - this.lastProgressAt;
    if (this.phase === 'streaming' && idle > this.noFrameTimeoutMs) {
      this.restart(`no frames decoded for ${Math.round(idle / 1000)} s`);
    } else if (this.phase === 'negotiating' && idle > this.negotiationTimeoutMs) {
      this.restart(`no video after ${Math.round(idle / 1000)} s`);
    }
  }

  private setStatus(status: ViewerStatus): void {
    if (status !== 'live') this.liveSince = null;
    if (this.snap.status === status) return;
    this.snap.status = status;
    this.options.onChange(this.snapshot);
  }

  private pendingStatus(): ViewerStatus {
    return this.failed ? 'failed' : this.everLive || this.backoff.attempts > 0 ? 'reconnecting' : 'connecting';
  }

  private teardown(bestEffort: boolean): void {
    const id = this.snap.sessionId;
    this.snap.sessionId = null;
    if (id !== null) this.options.negotiator.release(id, bestEffort);
    const peer = this.peer;
    this.peer = null;
    if (peer !== null) {
      peer.pc.onicecandidate = null;
      peer.pc.ontrack = null;
      peer.pc.onconnectionstatechange = null;
      peer.pc.close();
    }
    this.latency.setReceiver(null);
    this.fpsMeter.reset();
    this.bitrateMeter.reset();
    this.snap.bitrateBps = null;
    this.snap.fps = 0;
    this.snap.latencyMs = null;
    this.snap.framesDecoded = 0;
  }

  private async connect(): Promise<void> {
    const gen = ++this.generation;
    this.teardown(false);
    this.phase = 'waiting';
    this.setStatus(this.pendingStatus());
    const { negotiator, video } = this.options;
    try {
      await negotiator.ready();
      if (gen !== this.generation) return;
      this.phase = 'negotiating';
      this.lastProgressAt = performance.now();

      const peer = createReceiverPeer();
      this.peer = peer;
      const { pc } = peer;
      this.options.onPeerCreated?.(pc);
      const pending: string[] = [];
      pc.onicecandidate = (e) => {
        const candidate = e.candidate?.candidate;
        if (gen !== this.generation || candidate === undefined || candidate === '') return;
        const id = this.snap.sessionId;
        if (id === null) pending.push(candidate);
        else void negotiator.addCandidate(id, candidate);
      };
      pc.ontrack = (e) => {
        if (gen !== this.generation) return;
        video.srcObject = e.streams[0] ?? new MediaStream([e.track]);
        this.latency.setReceiver(e.receiver);
        video.play().catch(() => undefined); // muted autoplay; a rejection only means "not yet"
      };
      pc.onconnectionstatechange = () => {
        if (gen !== this.generation) return;
        const state = pc.connectionState;
        if (state === 'failed' || state === 'closed') {
          this.restart(`connection ${state}`);
          if (state === 'failed') this.options.onAttemptFailed?.(`connection ${state}`);
        }
      };

      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      if (gen !== this.generation) return;
      const offerSdp = pc.localDescription?.sdp ?? offer.sdp ?? '';
      this.snap.offerSdp = offerSdp;
      this.snap.answerSdp = null;

      const result = await negotiator.negotiate(offerSdp);
      if (gen !== this.generation) {
        negotiator.release(result.id, false);
        return;
      }
      this.snap.sessionId = result.id;
      this.snap.answerSdp = result.answerSdp;
      await pc.setRemoteDescription({ type: 'answer', sdp: result.answerSdp });
      if (gen !== this.generation) return;
      for (const candidate of pending.splice(0)) void negotiator.addCandidate(result.id, candidate);
      this.lastProgressAt = performance.now();
      this.options.onChange(this.snapshot);
    } catch (err) {
      if (gen !== this.generation) return;
      const rejected = err instanceof NegotiationError && err.rejected;
      const reason = err instanceof Error ? err.message : String(err);
      this.restart(reason, { failed: rejected });
      this.options.onAttemptFailed?.(reason);
    }
  }
}
