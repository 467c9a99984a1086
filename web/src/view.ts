import { ABS_CAPTURE_TIME_URI, sdpHasExtension } from './peer';
import type { ViewerSnapshot } from './session';
import { formatBitrate } from './stats';
import type { CameraState } from './types';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className !== undefined) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function fmt(value: number | null, digits: number, unit: string): string {
  return value === null ? '–' : `${value.toFixed(digits)}${unit}`;
}

function yesNo(sdp: string | null, uri: string): string {
  return sdp === null ? '–' : sdpHasExtension(sdp, uri) ? 'yes' : 'no';
}

/** Status badge labels. */
const STATUS_LABEL: Record<ViewerSnapshot['status'], string> = {
  connecting: 'connecting',
  live: 'live',
  reconnecting: 'reconnecting',
  failed: 'failed',
  stopped: 'stopped',
};

/**
 * DOM of one viewer: `<article class="tile" data-status>` holding the `<video autoplay muted playsinline>`,
 * a status badge, name, server camera state, stats (FPS, resolution, latency p50, RTT), the last error,
 * and with `debug` a `<details>` with the offer/answer SDP. Text only (no HTML from the server).
 */
export class VideoPanel {
  readonly root: HTMLElement;
  readonly video: HTMLVideoElement;
  /** Name row (extra controls such as the operator panel toggle go here). */
  readonly header: HTMLElement;
  private readonly badge: HTMLElement;
  private readonly title: HTMLElement;
  private readonly cameraState: HTMLElement;
  private readonly fps: HTMLElement;
  private readonly resolution: HTMLElement;
  private readonly latency: HTMLElement;
  private readonly rtt: HTMLElement;
  private readonly bitrate: HTMLElement;
  private readonly error: HTMLElement;
  private readonly offer: HTMLElement | null = null;
  private readonly answer: HTMLElement | null = null;
  private readonly extra: HTMLElement | null = null;
  private readonly media: HTMLElement;
  private mjpeg: HTMLImageElement | null = null;
  private mjpegRetry: ReturnType<typeof setTimeout> | null = null;

  constructor(name: string, debug: boolean) {
    this.root = el('article', 'tile');
    const media = el('div', 'media');
    this.media = media;
    this.video = el('video');
    this.video.autoplay = true;
    this.video.muted = true;
    this.video.playsInline = true;
    this.video.setAttribute('playsinline', '');
    this.video.setAttribute('muted', '');
    this.badge = el('span', 'badge', STATUS_LABEL.connecting);
    media.append(this.video, this.badge);

    const header = el('header');
    this.header = header;
    this.title = el('h2', 'name', name);
    this.cameraState = el('span', 'camera-state');
    header.append(this.title, this.cameraState);

    const stats = el('dl', 'stats');
    const stat = (label: string): HTMLElement => {
      const dd = el('dd', undefined, '–');
      stats.append(el('dt', undefined, label), dd);
      return dd;
    };
    this.fps = stat('FPS');
    this.resolution = stat('Size');
    this.latency = stat('Latency');
    this.rtt = stat('RTT');
    this.bitrate = stat('Bitrate');
    this.bitrate.title = 'video received from the gateway over the last second (RTP payload)';
    this.latency.title = 'capture → display, median over the last second';

    this.error = el('p', 'error');
    this.error.hidden = true;
    this.root.append(media, header, stats, this.error);

    if (debug) {
      const details = el('details', 'debug');
      details.append(el('summary', undefined, 'SDP / debug'));
      this.extra = el('pre', 'extra');
      details.append(this.extra, el('h3', undefined, 'Offer'));
      this.offer = el('pre');
      details.append(this.offer, el('h3', undefined, 'Answer'));
      this.answer = el('pre');
      details.append(this.answer);
      this.root.append(details);
    }
    this.root.dataset['status'] = 'connecting';
  }

  /** The MJPEG fallback image, or null while the video is shown. */
  get mjpegImage(): HTMLImageElement | null {
    return this.mjpeg;
  }

  /**
   * Shows the MJPEG stream at `url` in an `<img class="mjpeg">` over the (hidden) video, or with null removes it (the
   * browser closes the stream) and shows the video again. A failed image load (e.g. 503) is retried every 3 s.
   */
  setMjpeg(url: string | null): void {
    if (url === null) {
      if (this.mjpegRetry !== null) clearTimeout(this.mjpegRetry);
      this.mjpegRetry = null;
      if (this.mjpeg !== null) {
        this.mjpeg.onerror = null;
        this.mjpeg.removeAttribute('src');
        this.mjpeg.remove();
        this.mjpeg = null;
      }
      this.video.hidden = false;
      this.root.dataset['transport'] = 'webrtc';
      return;
    }
    if (this.mjpeg !== null) return;
    const img = el('img', 'mjpeg');
    img.alt = 'MJPEG fallback';
    img.onerror = () => {
      if (this.mjpeg !== img || this.mjpegRetry !== null) return;
      this.mjpegRetry = setTimeout(() => {
        this.mjpegRetry = null;
        if (this.mjpeg === img) img.src = `${url}?retry=${Date.now()}`;
      }, 3000);
    };
    img.src = url;
    this.mjpeg = img;
    this.video.hidden = true;
    this.media.insertBefore(img, this.badge);
    this.root.dataset['transport'] = 'mjpeg';
  }

  setName(name: string): void {
    this.title.textContent = name;
  }

  /** Shows the server's camera state (null hides it). */
  setCameraState(state: CameraState | null, detail?: string): void {
    this.cameraState.textContent = state ?? '';
    this.cameraState.dataset['state'] = state ?? '';
    this.cameraState.title = detail ?? '';
  }

  /** Renders a snapshot; `errorOverride` replaces the error line (e.g. the camera's lastError). */
  render(snap: ViewerSnapshot, errorOverride?: string | null): void {
    this.root.dataset['status'] = snap.status;
    const mjpeg = this.mjpeg !== null;
    this.badge.textContent = mjpeg ? 'MJPEG' : STATUS_LABEL[snap.status];
    this.badge.dataset['status'] = mjpeg ? 'mjpeg' : snap.status;
    this.badge.title = mjpeg ? `WebRTC: ${STATUS_LABEL[snap.status]} (retrying in the background)` : '';
    this.fps.textContent = snap.status === 'live' ? snap.fps.toFixed(1) : '–';
    this.resolution.textContent =
      mjpeg && this.mjpeg !== null && this.mjpeg.naturalWidth > 0
        ? `${this.mjpeg.naturalWidth}×${this.mjpeg.naturalHeight}`
        : snap.width > 0
          ? `${snap.width}×${snap.height}`
          : '–';
    this.latency.textContent = fmt(snap.latencyMs, 0, ' ms');
    this.latency.title = `capture → display, median over the last second (${snap.latencySource ?? 'no capture time'})`;
    this.rtt.textContent = fmt(snap.rttMs, 0, ' ms');
    this.bitrate.textContent = mjpeg || snap.status !== 'live' ? '–' : formatBitrate(snap.bitrateBps);
    const error = errorOverride ?? (snap.status === 'live' ? null : snap.lastError);
    this.error.hidden = error === null || error === '';
    this.error.textContent = error ?? '';
    if (this.offer !== null) this.offer.textContent = snap.offerSdp ?? '';
    if (this.answer !== null) this.answer.textContent = snap.answerSdp ?? '';
    if (this.extra !== null) {
      this.extra.textContent = [
        `session: ${snap.sessionId ?? '–'}`,
        `codec: ${snap.codec ?? '–'}`,
        `frames decoded: ${snap.framesDecoded}`,
        `packets lost: ${snap.packetsLost}`,
        `jitter buffer: ${fmt(snap.jitterBufferMs, 1, ' ms')}`,
        `latency source: ${snap.latencySource ?? '–'}`,
        `abs-capture-time: offered ${yesNo(snap.offerSdp, ABS_CAPTURE_TIME_URI)}, answered ${yesNo(snap.answerSdp, ABS_CAPTURE_TIME_URI)}`,
      ].join('\n');
    }
  }
}
