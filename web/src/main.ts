import { parseControlOptions } from './control';
import { parsePageOptions } from './options';
import { SignalingClient, type HubState } from './signaling';
import { Tile } from './tile';
import type { CameraInfo, RtcgwHook } from './types';

const options = parsePageOptions(location.search);
const controlOptions = parseControlOptions(location.search);
const grid = document.getElementById('tiles') as HTMLElement;
const hubBadge = document.getElementById('hub-state') as HTMLElement;
const emptyNote = document.getElementById('empty') as HTMLElement;
const tiles = new Map<string, Tile>();

let resolveReady: () => void = () => undefined;
const hook: RtcgwHook = { tiles: {}, ready: new Promise<void>((resolve) => (resolveReady = resolve)) };
window.rtcgw = hook;

function showHub(state: HubState, detail?: string): void {
  hubBadge.textContent = state === 'connected' ? 'gateway connected' : state === 'connecting' ? 'connecting to gateway…' : 'gateway unreachable, retrying…';
  hubBadge.dataset['state'] = state;
  hubBadge.title = detail ?? '';
}

function wanted(cameraId: string): boolean {
  return options.cameras === null || options.cameras.includes(cameraId);
}

function ensureTile(cameraId: string): Tile {
  let tile = tiles.get(cameraId);
  if (tile === undefined) {
    tile = new Tile(cameraId, signaling, options.debug, controlOptions);
    tiles.set(cameraId, tile);
    grid.append(tile.panel.root);
    tile.start();
    if (signaling.state === 'reconnecting') tile.hubDown('gateway unreachable');
    const live = tile;
    // Live view: always the tile's latest state (stats refresh each second).
    Object.defineProperty(hook.tiles, cameraId, { enumerable: true, configurable: true, get: () => live.hook() });
  }
  emptyNote.hidden = true;
  return tile;
}

function applyCameraList(cameras: CameraInfo[]): void {
  for (const camera of cameras) {
    if (wanted(camera.id)) ensureTile(camera.id).updateCamera(camera);
  }
  emptyNote.hidden = tiles.size > 0;
  resolveReady();
}

async function refreshCameras(): Promise<void> {
  try {
    applyCameraList(await signaling.listCameras());
  } catch (err) {
    console.warn('ListCameras failed', err);
  }
}

const signaling = new SignalingClient('hubs/signaling', {
  connected: () => {
    showHub('connected');
    void refreshCameras();
  },
  reconnecting: (error) => {
    showHub('reconnecting', error?.message);
    const reason = `gateway unreachable${error !== undefined ? `: ${error.message}` : ''}`;
    for (const tile of tiles.values()) tile.hubDown(reason);
  },
  reconnected: () => {
    showHub('connected');
    for (const tile of tiles.values()) tile.hubReconnected();
    void refreshCameras();
  },
  sessionClosed: (sessionId, reason) => {
    for (const tile of tiles.values()) if (tile.sessionId === sessionId) tile.sessionClosed(reason);
  },
  cameraStateChanged: (camera) => {
    if (wanted(camera.id)) ensureTile(camera.id).updateCamera(camera);
  },
});

if (options.cameras !== null) {
  for (const id of options.cameras) ensureTile(id);
  resolveReady();
}
showHub('connecting');
signaling.start();

setInterval(() => {
  for (const [id, tile] of tiles) {
    void tile.tick().catch((err: unknown) => console.warn(`tick ${id}`, err));
  }
}, 1000);

window.addEventListener('pagehide', () => {
  for (const tile of tiles.values()) tile.stop(true);
});
