import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LatencyWindow, liveLatencySeconds } from './latency-window';

test('liveLatencySeconds is now minus the capture date', () => {
  const captured = new Date('2026-11-25T08:00:00.000Z');
  assert.equal(liveLatencySeconds(captured.getTime() + 2_250, captured), 2.25);
});

test('liveLatencySeconds is null without a date or with an invalid one', () => {
  assert.equal(liveLatencySeconds(1_000, null), null);
  assert.equal(liveLatencySeconds(1_000, new Date('not a date')), null);
});

test('liveLatencySeconds reports a viewer clock behind the broadcaster as negative latency', () => {
  const captured = new Date(10_000);
  assert.equal(liveLatencySeconds(9_500, captured), -0.5);
});

test('an empty window has no numbers', () => {
  const w = new LatencyWindow();
  assert.equal(w.count, 0);
  assert.equal(w.latest, null);
  assert.equal(w.average, null);
  assert.equal(w.min, null);
  assert.equal(w.max, null);
});

test('the window keeps the samples of its span only', () => {
  const w = new LatencyWindow({ spanMs: 1_000 });
  w.add(0, 3);
  w.add(500, 2);
  w.add(1_000, 1);
  assert.equal(w.count, 3);
  assert.equal(w.average, 2);
  assert.equal(w.min, 1);
  assert.equal(w.max, 3);
  w.add(1_600, 2);
  // The sample at 0 and the one at 500 are older than 1 000 ms before 1 600.
  assert.equal(w.count, 2);
  assert.equal(w.latest, 2);
  assert.equal(w.average, 1.5);
  assert.equal(w.max, 2);
});

test('non-finite samples are ignored and clear forgets everything', () => {
  const w = new LatencyWindow();
  w.add(0, Number.NaN);
  w.add(0, Number.POSITIVE_INFINITY);
  assert.equal(w.count, 0);
  w.add(1, 2);
  w.clear();
  assert.equal(w.count, 0);
});

test('a span that is not positive is a caller bug', () => {
  assert.throws(() => new LatencyWindow({ spanMs: 0 }), RangeError);
  assert.throws(() => new LatencyWindow({ spanMs: Number.NaN }), RangeError);
});
