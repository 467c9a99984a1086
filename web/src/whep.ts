import { NegotiationError, ViewerSession, type Negotiator, type ViewerSnapshot } from './session';
import type { WhepHook } from './types';
import { VideoPanel } from './view';

/**
 * WHEP client negotiator (IETF WHEP, draft-ietf-wish-whep): POST the offer as application/sdp to the
 * endpoint, 201 Created with Location (the session resource) and the answer SDP; DELETE the Location
 * to end. ICE-lite server: no trickle PATCH is needed (it learns our address from the checks).
 */
export class WhepNegotiator implements Negotiator {
  /** Absolute session URL of the current session, null when none. */
  location: string | null = null;

  constructor(private readonly endpoint: string) {}

  ready(): Promise<void> {
    return Promise.resolve();
  }

  async negotiate(offerSdp: string): Promise<{ id: string; answerSdp: string }> {
    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/sdp', Accept: 'application/sdp' },
        body: offerSdp,
      });
    } catch (err) {
      throw new NegotiationError(`POST ${this.endpoint}: ${err instanceof Error ? err.message : String(err)}`, false);
    }
    const body = await response.text().catch(() => '');
    if (response.status !== 201 && response.status !== 200) {
      const reason = body.trim().slice(0, 300) || response.statusText;
      // 4xx: the server refused this offer/camera; 5xx/503: try again later.
      throw new NegotiationError(`${response.status} ${reason}`, response.status >= 400 && response.status < 500);
    }
    const header = response.headers.get('Location');
    if (header === null) throw new NegotiationError(`${response.status} without Location header`, true);
    const location = new URL(header, response.url || this.endpoint).toString();
    this.location = location;
    return { id: location, answerSdp: body };
  }

  async addCandidate(): Promise<void> {
    // No trickle: the gateway is ICE-lite.
  }

  release(id: string, bestEffort: boolean): void {
    if (this.location === id) this.location = null;
    fetch(id, { method: 'DELETE', keepalive: bestEffort }).catch(() => undefined);
  }
}

const params = new URLSearchParams(location.search);
const cameraId = params.get('camera') ?? 'cam0';
const debug = (params.get('debug') ?? '0') !== '0';
const endpoint = new URL(`api/cameras/${encodeURIComponent(cameraId)}/whep`, document.baseURI).toString();

const panel = new VideoPanel(`${cameraId} (WHEP)`, debug);
panel.root.dataset['cameraId'] = cameraId;
(document.getElementById('viewer') as HTMLElement).append(panel.root);
(document.getElementById('endpoint') as HTMLElement).textContent = endpoint;
const toggle = document.getElementById('toggle') as HTMLButtonElement;

const negotiator = new WhepNegotiator(endpoint);
const hook: WhepHook = {
  status: 'connecting',
  framesDecoded: 0,
  fps: 0,
  width: 0,
  height: 0,
  latencyMs: null,
  location: null,
  lastError: null,
};
window.rtcgwWhep = hook;

function onChange(snap: ViewerSnapshot): void {
  panel.render(snap);
  hook.status = snap.status;
  hook.framesDecoded = snap.framesDecoded;
  hook.fps = snap.fps;
  hook.width = snap.width;
  hook.height = snap.height;
  hook.latencyMs = snap.latencyMs;
  hook.location = negotiator.location;
  hook.lastError = snap.lastError;
  toggle.textContent = snap.status === 'stopped' ? 'Start' : 'Stop';
}

const session = new ViewerSession({ video: panel.video, negotiator, onChange });
toggle.addEventListener('click', () => {
  if (session.snapshot.status === 'stopped') session.start();
  else session.stop();
});
session.start();
setInterval(() => void session.tick(), 1000);
window.addEventListener('pagehide', () => session.stop(true));
