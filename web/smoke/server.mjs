// Smoke-test server (dev only, loopback): serves dist/ and fakes the gateway's contract —
// SignalR JSON hub at /hubs/signaling (ListCameras, Connect, AddIceCandidate, Disconnect,
// SessionClosed), GET /api/cameras, WHEP POST/DELETE — relaying offers to smoke/sender.html,
// a browser page that answers with a canvas video track.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const WebSocketServer = WebSocket.Server;

const RS = '\x1e';
const here = fileURLToPath(new URL('.', import.meta.url));
const dist = join(here, '..', 'dist');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

const cameras = ['cam0', 'cam1'].map((id) => ({
  id, name: `Camera ${id}`, source: 'test', state: 'Streaming', lastError: null, width: 640, height: 360,
  framerate: 30, encoder: 'canvas', viewers: 0, mjpegClients: 0,
}));

export function startSmokeServer() {
  const state = { sessions: new Map(), whepDeletes: 0, disconnects: 0, hubClients: new Set(), sender: null };
  const pendingAnswers = new Map();
  let nextId = 1;

  function offerToSender(sdp) {
    if (state.sender === null) return Promise.reject(new Error('sender page not connected'));
    const id = `s${nextId++}`;
    state.sender.send(JSON.stringify({ type: 'offer', id, sdp }));
    return new Promise((resolve, reject) => {
      pendingAnswers.set(id, (answer) => resolve({ id, answer }));
      setTimeout(() => reject(new Error('sender timeout')), 10000);
    });
  }
  function closeSender(id) {
    state.sender?.send(JSON.stringify({ type: 'close', id }));
    state.sessions.delete(id);
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const body = await new Promise((r) => { let b = ''; req.on('data', (c) => (b += c)); req.on('end', () => r(b)); });
    if (url.pathname === '/hubs/signaling/negotiate' && req.method === 'POST') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ negotiateVersion: 1, connectionId: `c${nextId}`, connectionToken: `t${nextId++}`,
        availableTransports: [{ transport: 'WebSockets', transferFormats: ['Text', 'Binary'] }] }));
      return;
    }
    if (url.pathname === '/api/cameras' && req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(cameras));
      return;
    }
    const whep = /^\/api\/cameras\/([^/]+)\/whep$/.exec(url.pathname);
    if (whep && req.method === 'POST') {
      if (!cameras.some((c) => c.id === whep[1])) { res.writeHead(404, { 'Content-Type': 'text/plain' }); res.end('unknown camera'); return; }
      try {
        const { id, answer } = await offerToSender(body);
        state.sessions.set(id, { camera: whep[1], kind: 'whep' });
        res.writeHead(201, { 'Content-Type': 'application/sdp', Location: `/api/whep/${id}` });
        res.end(answer);
      } catch (err) { res.writeHead(503, { 'Content-Type': 'text/plain' }); res.end(String(err)); }
      return;
    }
    const whepSession = /^\/api\/whep\/([^/]+)$/.exec(url.pathname);
    if (whepSession && req.method === 'DELETE') {
      state.whepDeletes++;
      closeSender(whepSession[1]);
      res.writeHead(204); res.end();
      return;
    }
    if (url.pathname === '/smoke/sender.html') {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(await readFile(join(here, 'sender.html')));
      return;
    }
    const file = normalize(join(dist, url.pathname === '/' ? 'index.html' : url.pathname));
    if (!file.startsWith(dist)) { res.writeHead(403); res.end(); return; }
    try {
      const data = await readFile(file);
      res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
      res.end(data);
    } catch { res.writeHead(404); res.end('not found'); }
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url, 'http://x');
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (url.pathname === '/smoke/sender') {
        state.sender = ws;
        ws.on('message', (data) => {
          const msg = JSON.parse(String(data));
          pendingAnswers.get(msg.id)?.(msg.sdp);
          pendingAnswers.delete(msg.id);
        });
      } else if (url.pathname === '/hubs/signaling') {
        hubClient(ws);
      } else ws.close();
    });
  });

  function hubClient(ws) {
    let handshaken = false;
    const send = (m) => ws.send(JSON.stringify(m) + RS);
    const ping = setInterval(() => send({ type: 6 }), 5000);
    const client = { ws, send, sessions: new Set() };
    state.hubClients.add(client);
    ws.on('close', () => {
      clearInterval(ping);
      state.hubClients.delete(client);
      for (const id of client.sessions) closeSender(id); // sessions die with the connection
    });
    ws.on('message', async (data) => {
      for (const frame of String(data).split(RS).filter(Boolean)) {
        const msg = JSON.parse(frame);
        if (!handshaken) { handshaken = true; ws.send('{}' + RS); continue; }
        if (msg.type !== 1) continue;
        const reply = (result) => msg.invocationId !== undefined && send({ type: 3, invocationId: msg.invocationId, result });
        const fail = (reason) => msg.invocationId !== undefined &&
          send({ type: 3, invocationId: msg.invocationId, error: `An unexpected error occurred invoking '${msg.target}' on the server. HubException: ${reason}` });
        switch (msg.target) {
          case 'ListCameras': reply(cameras); break;
          case 'Connect': {
            const [cameraId, offer] = msg.arguments;
            if (!cameras.some((c) => c.id === cameraId)) { fail(`unknown camera '${cameraId}'`); break; }
            try {
              const { id, answer } = await offerToSender(offer);
              state.sessions.set(id, { camera: cameraId, kind: 'hub', client });
              client.sessions.add(id);
              reply({ sessionId: id, answerSdp: answer });
            } catch (err) { fail(String(err)); }
            break;
          }
          case 'AddIceCandidate': reply(null); break;
          case 'Disconnect': state.disconnects++; closeSender(msg.arguments[0]); reply(null); break;
          default: fail(`unknown method ${msg.target}`);
        }
      }
    });
  }

  /** Server-initiated close of a camera's hub session (SessionClosed event). */
  function closeHubSession(cameraId, reason) {
    for (const [id, s] of state.sessions) {
      if (s.kind === 'hub' && s.camera === cameraId) {
        s.client.send({ type: 1, target: 'SessionClosed', arguments: [id, reason] });
        closeSender(id);
        return id;
      }
    }
    return null;
  }
  function dropHubConnections() { for (const c of state.hubClients) c.ws.terminate(); }
  function cameraStateChanged(camera) { for (const c of state.hubClients) c.send({ type: 1, target: 'CameraStateChanged', arguments: [camera] }); }

  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    port: server.address().port, state, closeHubSession, dropHubConnections, cameraStateChanged, cameras,
    close: () => { wss.close(); server.closeAllConnections(); server.close(); },
  })));
}
