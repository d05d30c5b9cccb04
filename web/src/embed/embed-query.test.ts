import { test } from 'node:test';
import assert from 'node:assert/strict';
import { embedAttributes } from './embed-query';

const ORIGIN = 'https://live.example';

test('stream from the path, server defaults to the embed origin', () => {
  assert.deepEqual(embedAttributes('/embed/demo', '', ORIGIN), [
    ['stream', 'demo'],
    ['server', ORIGIN],
  ]);
  assert.deepEqual(embedAttributes('/embed/demo/', '', ORIGIN)[0], ['stream', 'demo']);
});

test('the element options come from the query string, first value wins, unknown ones are left alone', () => {
  assert.deepEqual(embedAttributes('/embed/demo', '?muted=false&p2p=off&p2p=on&controls=0&poster=%2Fp.png&utm_source=x&autoplay', ORIGIN), [
    ['stream', 'demo'],
    ['server', ORIGIN],
    ['autoplay', ''],
    ['muted', 'false'],
    ['controls', '0'],
    ['p2p', 'off'],
    ['poster', '/p.png'],
  ]);
});

test('a path that is not an embed path gives an empty stream (the element reports it)', () => {
  assert.deepEqual(embedAttributes('/watch/demo', '', ORIGIN)[0], ['stream', '']);
});
