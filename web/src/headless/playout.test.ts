import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Playout } from './playout';

test('playback starts once the start position is buffered, and runs at the wall clock', () => {
  const p = new Playout();
  p.startAt(100.2, 0);
  assert.equal(p.paused, true);
  assert.equal(p.append(99, 0.5, 10), false, 'before the start position');
  assert.equal(p.append(99.5, 0.5, 20), false, 'ends at 100.0, still before 100.2');
  assert.equal(p.append(100, 0.5, 30), true);
  assert.equal(p.state, 'playing');
  assert.equal(p.currentTime, 100.2);
  p.advance(130);
  assert.ok(Math.abs(p.currentTime - 100.3) < 1e-9);
  assert.equal(p.latencySeconds(101_800), 1.5);
});

test('the end of the buffer is a stall that the next append ends', () => {
  const p = new Playout();
  p.startAt(10, 0);
  p.append(10, 0.5, 0);
  p.advance(600);
  assert.equal(p.state, 'buffering');
  assert.equal(p.stalls, 1);
  assert.equal(p.currentTime, 10.5);
  p.append(10.5, 0.5, 900);
  assert.equal(p.state, 'playing');
  assert.ok(Math.abs(p.stallSeconds(5000) - 0.3) < 1e-9);
  p.advance(1000);
  assert.ok(Math.abs(p.currentTime - 10.6) < 1e-9);
});

test('a viewer behind the target catches up at 1.1x, and past the maximum is told to jump', () => {
  const p = new Playout();
  p.startAt(0, 0);
  p.append(0, 10, 0);
  p.advance(100, 3_000); // 2.9 s behind the wall clock
  assert.equal(p.playbackRate, 1.1);
  p.advance(1100, 3_000);
  assert.ok(Math.abs(p.currentTime - 1.2) < 1e-9);
  assert.equal(p.behind(6_000), false);
  assert.equal(p.behind(6_500), true);
  p.advance(1200, 2_700); // 1.4 s behind
  assert.equal(p.playbackRate, 1);
});

test('a hole while stalled is skipped; starting again is not a stall', () => {
  const p = new Playout();
  p.startAt(0, 0);
  p.append(0, 1, 0);
  p.advance(1500);
  assert.equal(p.state, 'buffering');
  p.append(3, 1, 1600);
  assert.equal(p.state, 'playing');
  assert.equal(p.currentTime, 3);
  p.startAt(20, 1700);
  assert.equal(p.state, 'starting');
  assert.equal(p.append(19.5, 1, 1800), true);
  assert.equal(p.stalls, 1);
  assert.ok(Math.abs(p.stallSeconds(9000) - 0.1) < 1e-9);
});
