import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bufferAheadSeconds, type TimeRangesLike } from './buffer-ahead';

function ranges(...pairs: [number, number][]): TimeRangesLike {
  return {
    length: pairs.length,
    start: (i) => pairs[i]?.[0] ?? Number.NaN,
    end: (i) => pairs[i]?.[1] ?? Number.NaN,
  };
}

const close = (a: number, b: number): boolean => Math.abs(a - b) < 1e-9;

test('nothing buffered is no buffer', () => {
  assert.equal(bufferAheadSeconds(ranges(), 5), 0);
});

test('the range holding the playhead counts from the playhead', () => {
  assert.ok(close(bufferAheadSeconds(ranges([10, 12.5]), 11), 1.5));
});

test('a playhead outside every range has no buffer ahead', () => {
  assert.equal(bufferAheadSeconds(ranges([10, 12]), 12), 0);
  assert.equal(bufferAheadSeconds(ranges([10, 12]), 20), 0);
  assert.equal(bufferAheadSeconds(ranges([10, 12]), 5), 0);
});

test('small holes are bridged, large ones end the buffer', () => {
  assert.ok(close(bufferAheadSeconds(ranges([10, 12], [12.05, 14], [15, 16]), 11), 3));
  assert.ok(close(bufferAheadSeconds(ranges([10, 12], [12.5, 14]), 11), 1));
});

test('a playhead just before the first range (within a hole) sees that range', () => {
  assert.ok(close(bufferAheadSeconds(ranges([10, 12]), 9.95), 2.05));
});
