// End-to-end smoke test in headless Chromium against the fake gateway (smoke/server.mjs).
// Usage: npm run build && npm run smoke   (CHROMIUM=/path overrides /usr/bin/chromium;
// SMOKE_SCREENSHOT=/tmp/viewer.png saves a screenshot of the live viewer).
// Prints one line per check and "N passed, N failed"; exit code 1 on any failure.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startSmokeServer } from './server.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const results = [];
function check(name, ok, detail = '') {
  results.push(ok);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
}

const srv = await startSmokeServer();
const base = `http://127.0.0.1:${srv.port}`;
const userDir = await mkdtemp(join(tmpdir(), 'rtcgw-smoke-'));
const chrome = spawn(process.env.CHROMIUM ?? '/usr/bin/chromium', [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', `--user-data-dir=${userDir}`, '--remote-debugging-port=0',
  '--allow-loopback-in-peer-connection', '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--autoplay-policy=no-user-gesture-required', '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows', 'about:blank',
], { stdio: 'ignore' });

let exitCode = 1;
try {
  let portFile = null;
  for (let i = 0; i < 100 && portFile === null; i++) {
    portFile = await readFile(join(userDir, 'DevToolsActivePort'), 'utf8').catch(() => null);
    if (portFile === null) await sleep(100);
  }
  if (portFile === null) throw new Error('chromium did not start');
  const [port, path] = portFile.trim().split('\n');
  const cdp = new WebSocket(`ws://127.0.0.1:${port}${path}`);
  await new Promise((resolve, reject) => { cdp.once('open', resolve); cdp.once('error', reject); });
  let nextId = 1;
  const waiting = new Map();
  const exceptions = [];
  cdp.on('message', (data) => {
    const msg = JSON.parse(String(data));
    if (msg.id !== undefined) { waiting.get(msg.id)?.(msg); waiting.delete(msg.id); }
    if (msg.method === 'Runtime.exceptionThrown') exceptions.push(msg.params.exceptionDetails.exception?.description ?? msg.params.exceptionDetails.text);
  });
  const send = (method, params = {}, sessionId) => new Promise((resolve, reject) => {
    const id = nextId++;
    waiting.set(id, (m) => (m.error ? reject(new Error(`${method}: ${m.error.message}`)) : resolve(m.result)));
    cdp.send(JSON.stringify({ id, method, params, sessionId }));
  });
  async function open(url) {
    const { targetId } = await send('Target.createTarget', { url });
    const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
    await send('Runtime.enable', {}, sessionId);
    return sessionId;
  }
  async function evaluate(session, expression) {
    const r = await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, session);
    if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
    return r.result.value;
  }
  async function waitFor(session, expression, timeoutMs = 20000) {
    const end = Date.now() + timeoutMs;
    let value;
    while (Date.now() < end) {
      value = await evaluate(session, expression).catch(() => undefined);
      if (value) return value;
      await sleep(250);
    }
    return value;
  }
  const tiles = 'JSON.parse(JSON.stringify(window.rtcgw.tiles))';
  const allLive = `(() => { const t = window.rtcgw && window.rtcgw.tiles; const v = t ? Object.values(t) : [];
    return v.length === 2 && v.every(x => x.status === 'live' && x.fps > 0 && x.width > 0) ? ${tiles} : false; })()`;

  await open(`${base}/smoke/sender.html`);
  for (let i = 0; i < 50 && srv.state.sender === null; i++) await sleep(100);
  check('sender page connected', srv.state.sender !== null);

  const viewer = await open(`${base}/`);
  await waitFor(viewer, 'window.rtcgw !== undefined', 10000);
  await evaluate(viewer, 'window.rtcgw.ready');
  const live = await waitFor(viewer, allLive);
  check('both tiles live with fps and size', Boolean(live), JSON.stringify(live));
  const withLatency = await waitFor(viewer, `Object.values(window.rtcgw.tiles).every(t => t.latencyMs !== null) && ${tiles}`, 8000);
  check('latency measured on every tile from abs-capture-time, 0–1000 ms', Boolean(withLatency) &&
    Object.values(withLatency).every((t) => t.latencySource === 'abs-capture-time' && t.latencyMs > 0 && t.latencyMs < 1000),
    withLatency ? Object.values(withLatency).map((t) => `${t.latencyMs} ms (${t.latencySource}, ${t.codec})`).join(', ') : '');
  if (process.env.SMOKE_SCREENSHOT) {
    const shot = await send('Page.captureScreenshot', { format: 'png' }, viewer);
    await writeFile(process.env.SMOKE_SCREENSHOT, Buffer.from(shot.data, 'base64'));
  }
  check('tiles carry data-camera-id and data-status', await evaluate(viewer,
    `[...document.querySelectorAll('[data-camera-id]')].map(e => e.dataset.cameraId + ':' + e.dataset.status).join()`) === 'cam0:live,cam1:live');

  const before = (await evaluate(viewer, tiles)).cam0.sessionId;
  srv.closeHubSession('cam0', 'test close');
  const afterClose = await waitFor(viewer, `(() => { const t = window.rtcgw.tiles.cam0; return t.status === 'live' && t.sessionId !== ${JSON.stringify(before)} && t.framesDecoded > 0 ? t : false; })()`);
  check('SessionClosed → reconnects with a new session', Boolean(afterClose), afterClose ? `${before} → ${afterClose.sessionId}` : '');

  const ids = Object.values(await evaluate(viewer, tiles)).map((t) => t.sessionId);
  srv.dropHubConnections();
  const afterDrop = await waitFor(viewer, `(() => { const v = Object.values(window.rtcgw.tiles);
    return v.every(t => t.status === 'live' && t.framesDecoded > 0 && !${JSON.stringify(ids)}.includes(t.sessionId)) ? v.map(t => t.sessionId) : false; })()`, 25000);
  check('hub reconnect → every tile re-Connects', Boolean(afterDrop), afterDrop ? afterDrop.join(',') : '');

  srv.cameraStateChanged({ ...srv.cameras[1], state: 'Failed', lastError: 'sensor timeout' });
  const failed = await waitFor(viewer, `window.rtcgw.tiles.cam1.status === 'failed' && window.rtcgw.tiles.cam1.lastError`, 5000);
  check('CameraStateChanged Failed shows lastError', failed === 'sensor timeout', String(failed));
  srv.cameraStateChanged({ ...srv.cameras[1], state: 'Streaming' });
  check('camera recovers → live again', Boolean(await waitFor(viewer, `window.rtcgw.tiles.cam1.status === 'live'`)));

  const whep = await open(`${base}/whep.html?camera=cam0`);
  const w = await waitFor(whep, `(() => { const h = window.rtcgwWhep; return h && h.status === 'live' && h.fps > 0 && h.location ? JSON.parse(JSON.stringify(h)) : false; })()`);
  check('WHEP viewer live with Location', Boolean(w), JSON.stringify(w));
  const deletesBefore = srv.state.whepDeletes;
  await evaluate(whep, `document.getElementById('toggle').click()`);
  await sleep(500);
  check('WHEP stop sends DELETE', srv.state.whepDeletes === deletesBefore + 1 && (await evaluate(whep, 'window.rtcgwWhep.status')) === 'stopped');

  const bad = await open(`${base}/whep.html?camera=nope`);
  const err = await waitFor(bad, `window.rtcgwWhep && window.rtcgwWhep.status === 'failed' && window.rtcgwWhep.lastError`, 5000);
  check('WHEP error shows status code and text', err === '404 unknown camera', String(err));

  check('no uncaught page exceptions', exceptions.length === 0, exceptions.join(' | '));
  exitCode = results.every(Boolean) ? 0 : 1;
  cdp.close();
} catch (err) {
  console.log(`FAIL smoke run aborted — ${err instanceof Error ? err.stack : err}`);
  results.push(false);
} finally {
  chrome.kill();
  srv.close();
  await rm(userDir, { recursive: true, force: true }).catch(() => undefined);
}
const passed = results.filter(Boolean).length;
console.log(`${passed} passed, ${results.length - passed} failed`);
process.exit(exitCode);
