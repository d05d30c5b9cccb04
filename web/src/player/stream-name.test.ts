import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isValidStreamName,
  masterPlaylistPath,
  streamNameFromPath,
  STREAM_NAME_MAX_LENGTH,
  watchPath,
} from './stream-name';

test('isValidStreamName accepts the server alphabet', () => {
  for (const name of ['demo', 'a', '0', 'cam-1', 'room_2', '9lives', 'a-b_c-d', 'x'.repeat(64)]) {
    assert.equal(isValidStreamName(name), true, name);
  }
});

test('isValidStreamName rejects what the server rejects', () => {
  const bad = [
    '',
    '-demo',
    '_demo',
    'Demo',
    'de mo',
    'demo!',
    'dé',
    'demo/x',
    'demo.m3u8',
    '..',
    'x'.repeat(STREAM_NAME_MAX_LENGTH + 1),
  ];
  for (const name of bad) {
    assert.equal(isValidStreamName(name), false, JSON.stringify(name));
  }
});

test('streamNameFromPath reads /watch/{stream}', () => {
  assert.equal(streamNameFromPath('/watch/demo'), 'demo');
  assert.equal(streamNameFromPath('/watch/demo/'), 'demo');
  assert.equal(streamNameFromPath('/watch/cam-1_b'), 'cam-1_b');
});

test('streamNameFromPath returns null for other paths and bad names', () => {
  for (const path of [
    '/',
    '/watch',
    '/watch/',
    '/watch//',
    '/watch/demo//',
    '/watch/demo/extra',
    '/watch/Demo',
    '/watch/%64emo',
    '/watch/-x',
    '/live/demo',
    '/WATCH/demo',
    `/watch/${'a'.repeat(65)}`,
  ]) {
    assert.equal(streamNameFromPath(path), null, path);
  }
});

test('paths built from a name match the origin layout', () => {
  assert.equal(watchPath('demo'), '/watch/demo');
  assert.equal(masterPlaylistPath('demo'), '/live/demo/master.m3u8');
});
