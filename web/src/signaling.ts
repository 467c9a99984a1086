import {
  HubConnectionBuilder,
  HubConnectionState,
  LogLevel,
  type HubConnection,
  type IRetryPolicy,
  type RetryContext,
} from '@microsoft/signalr';
import { Backoff } from './backoff';
import type { CameraInfo, ConnectResult } from './types';

/** Server → client events of the signalling hub. */
export interface SignalingEvents {
  sessionClosed(sessionId: string, reason: string): void;
  cameraStateChanged(camera: CameraInfo): void;
  /** The hub connected (first time, or again after a full restart). */
  connected(): void;
  /** The connection dropped; SignalR is retrying. */
  reconnecting(error: Error | undefined): void;
  /** SignalR re-established the connection (new connection id: server sessions are gone). */
  reconnected(): void;
}

/** Hub connection state as shown on the page. */
export type HubState = 'connecting' | 'connected' | 'reconnecting';

/** SignalR retry policy that never gives up: the shared Backoff (1 s doubling to 15 s, jittered). */
class ForeverRetry implements IRetryPolicy {
  private readonly backoff = new Backoff();

  nextRetryDelayInMilliseconds(context: RetryContext): number {
    if (context.previousRetryCount === 0) this.backoff.reset();
    return this.backoff.next();
  }
}

/**
 * Client of the gateway's SignalR hub (`hubs/signaling`, JSON protocol). Keeps the connection up
 * forever: initial start is retried with backoff, drops are handled by `withAutomaticReconnect`.
 */
export class SignalingClient {
  private readonly connection: HubConnection;
  private readonly startBackoff = new Backoff();
  private waiters: Array<() => void> = [];
  private started = false;
  private hubState: HubState = 'connecting';

  /** @param url hub URL, absolute or relative to the page (e.g. "hubs/signaling"). */
  constructor(
    url: string,
    private readonly events: SignalingEvents,
  ) {
    this.connection = new HubConnectionBuilder()
      .withUrl(new URL(url, document.baseURI).toString())
      .withAutomaticReconnect(new ForeverRetry())
      .configureLogging(LogLevel.Warning)
      .build();
    this.connection.on('SessionClosed', (sessionId: string, reason: string) =>
      this.events.sessionClosed(sessionId, reason),
    );
    this.connection.on('CameraStateChanged', (camera: CameraInfo) => this.events.cameraStateChanged(camera));
    this.connection.onreconnecting((error) => {
      this.hubState = 'reconnecting';
      this.events.reconnecting(error);
    });
    this.connection.onreconnected(() => {
      this.hubState = 'connected';
      this.flushWaiters();
      this.events.reconnected();
    });
    this.connection.onclose(() => {
      // Only reached if automatic reconnect gives up (it does not) or after stop(): start over.
      this.hubState = 'reconnecting';
      if (this.started) this.scheduleStart();
    });
  }

  /** Current connection state. */
  get state(): HubState {
    return this.hubState;
  }

  /** Whether invocations can be sent now. */
  get isConnected(): boolean {
    return this.connection.state === HubConnectionState.Connected;
  }

  /** Starts connecting (idempotent); retries forever with backoff. */
  start(): void {
    if (this.started) return;
    this.started = true;
    void this.tryStart();
  }

  /** Resolves once the hub is connected. */
  whenConnected(): Promise<void> {
    if (this.isConnected) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** `ListCameras()` → CameraInfo[]. Rejects when not connected or on a hub error. */
  listCameras(): Promise<CameraInfo[]> {
    return this.connection.invoke<CameraInfo[]>('ListCameras');
  }

  /** `Connect(cameraId, offerSdp)` → { sessionId, answerSdp }. Rejects with the HubException's message. */
  connect(cameraId: string, offerSdp: string): Promise<ConnectResult> {
    return this.connection.invoke<ConnectResult>('Connect', cameraId, offerSdp);
  }

  /** `AddIceCandidate(sessionId, candidate)`; a no-op on the ICE-lite server, sent for completeness. */
  addIceCandidate(sessionId: string, candidate: string): Promise<void> {
    return this.connection.invoke<void>('AddIceCandidate', sessionId, candidate);
  }

  /** `Disconnect(sessionId)`, fire and forget (also usable while the page unloads). */
  disconnectBestEffort(sessionId: string): void {
    if (!this.isConnected) return;
    this.connection.send('Disconnect', sessionId).catch(() => undefined);
  }

  private async tryStart(): Promise<void> {
    this.hubState = this.startBackoff.attempts === 0 ? 'connecting' : 'reconnecting';
    try {
      await this.connection.start();
      this.startBackoff.reset();
      this.hubState = 'connected';
      this.flushWaiters();
      this.events.connected();
    } catch (err) {
      this.events.reconnecting(err instanceof Error ? err : undefined);
      this.scheduleStart();
    }
  }

  private scheduleStart(): void {
    setTimeout(() => void this.tryStart(), this.startBackoff.next());
  }

  private flushWaiters(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
