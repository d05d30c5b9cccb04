import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StallCounter } from './stall-counter';

test('waiting before the first playing is start-up, not a stall', () => {
  const c = new StallCounter();
  c.waiting(0, false);
  c.waiting(100, false);
  assert.equal(c.stalls, 0);
  assert.equal(c.stallSeconds(500), 0);
  assert.equal(c.stalled, false);
});

test('a waiting after playing opens a stall that the next playing closes', () => {
  const c = new StallCounter();
  c.playing(1_000);
  c.waiting(2_000, false);
  assert.equal(c.stalls, 1);
  assert.equal(c.stalled, true);
  assert.equal(c.stallSeconds(2_250), 0.25);
  c.playing(2_500);
  assert.equal(c.stalled, false);
  assert.equal(c.stallSeconds(10_000), 0.5);
});

test('repeated waiting events inside one stall count once', () => {
  const c = new StallCounter();
  c.playing(0);
  c.waiting(100, false);
  c.waiting(200, false);
  c.waiting(300, false);
  c.playing(400);
  assert.equal(c.stalls, 1);
  assert.equal(c.stallSeconds(400), 0.3);
});

test('waiting while seeking is not a stall', () => {
  const c = new StallCounter();
  c.playing(0);
  c.waiting(100, true);
  assert.equal(c.stalls, 0);
  assert.equal(c.stalled, false);
});

test('stalls and their time add up over sessions; ending a session closes the open stall', () => {
  const c = new StallCounter();
  c.playing(0);
  c.waiting(1_000, false);
  c.endSession(3_000);
  assert.equal(c.stalled, false);
  assert.equal(c.started, false);
  assert.equal(c.stallSeconds(60_000), 2);
  // The next session's start-up wait is not a stall.
  c.waiting(61_000, false);
  assert.equal(c.stalls, 1);
  c.playing(61_500);
  c.waiting(62_000, false);
  c.playing(62_100);
  assert.equal(c.stalls, 2);
  assert.ok(Math.abs(c.stallSeconds(70_000) - 2.1) < 1e-9);
});

test('a clock that goes backwards never makes stall time negative', () => {
  const c = new StallCounter();
  c.playing(1_000);
  c.waiting(2_000, false);
  assert.equal(c.stallSeconds(1_500), 0);
  c.playing(1_800);
  assert.equal(c.stallSeconds(3_000), 0);
});
