import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePageOptions } from '../src/options';
import { hubReason } from '../src/tile';

test('cameras list is split, trimmed, de-duplicated; empty means all', () => {
  assert.deepEqual(parsePageOptions('?cameras=cam0,%20cam1,,cam0').cameras, ['cam0', 'cam1']);
  assert.equal(parsePageOptions('?cameras=').cameras, null);
  assert.equal(parsePageOptions('').cameras, null);
});

test('debug flag', () => {
  assert.equal(parsePageOptions('?debug=1').debug, true);
  assert.equal(parsePageOptions('?debug').debug, true);
  assert.equal(parsePageOptions('?debug=0').debug, false);
  assert.equal(parsePageOptions('?cameras=a').debug, false);
});

test('hub exception reason is extracted from the SignalR error message', () => {
  assert.equal(hubReason("An unexpected error occurred invoking 'Connect' on the server. HubException: unknown camera 'x'"), "unknown camera 'x'");
  assert.equal(hubReason('WebSocket closed'), 'WebSocket closed');
});
