import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorstNeighbourRule, type ReviewedNeighbour } from './worst-neighbour-rule.js';

const config = { replaceWorstIntervalMs: 30_000, replaceWorstBelowShare: 0.25 };

function peer(peerId: string, connectedAtMs = 0, throughputBytesPerSec = 1_000_000): ReviewedNeighbour & { bytesReceived: number } {
  return { peerId, connectedAtMs, bytesReceived: 0, bytesAtReview: 0, throughputBytesPerSec };
}

test('the first review only sets the baseline, and no review comes before the interval', () => {
  const rule = new WorstNeighbourRule(config);
  const a = peer('a');
  const b = peer('b');
  b.bytesReceived = 1_000_000;
  assert.equal(rule.review([a, b], 1000), null);
  assert.equal(b.bytesAtReview, 1_000_000);
  b.bytesReceived += 1_000_000;
  assert.equal(rule.review([a, b], 20_000), null);
});

test('a neighbour that gave far less than the others over the period is picked, with the figures', () => {
  const rule = new WorstNeighbourRule(config);
  const ps = [peer('a'), peer('b'), peer('c'), peer('d')];
  rule.review(ps, 1000);
  ps[0]!.bytesReceived += 2_000_000;
  ps[1]!.bytesReceived += 1_800_000;
  ps[2]!.bytesReceived += 100_000;
  ps[3]!.bytesReceived += 2_200_000;
  const worst = rule.review(ps, 31_000);
  assert.equal(worst?.neighbour.peerId, 'c');
  assert.match(worst?.reason ?? '', /gave 100000 B in 30 s, the others 2000000 B on average/);
});

test('a uniformly useful neighbourhood is left alone', () => {
  const rule = new WorstNeighbourRule(config);
  const ps = [peer('a'), peer('b'), peer('c')];
  rule.review(ps, 0);
  ps[0]!.bytesReceived += 1_000_000;
  ps[1]!.bytesReceived += 700_000;
  ps[2]!.bytesReceived += 400_000;
  assert.equal(rule.review(ps, 30_000), null);
});

test('only bytes of the last period count: a neighbour that stopped giving is caught', () => {
  const rule = new WorstNeighbourRule(config);
  const ps = [peer('a'), peer('b'), peer('c')];
  rule.review(ps, 0);
  for (const p of ps) p.bytesReceived += 5_000_000;
  assert.equal(rule.review(ps, 30_000), null);
  ps[0]!.bytesReceived += 1_000_000;
  ps[1]!.bytesReceived += 1_000_000;
  assert.equal(rule.review(ps, 60_000)?.neighbour.peerId, 'c');
});

test('a neighbour that joined during the period is not judged yet', () => {
  const rule = new WorstNeighbourRule(config);
  const old1 = peer('a');
  const old2 = peer('b');
  rule.review([old1, old2], 0);
  const fresh = peer('c', 10_000);
  old1.bytesReceived += 1_000_000;
  old2.bytesReceived += 900_000;
  assert.equal(rule.review([old1, old2, fresh], 30_000), null);
});

test('on equal bytes the slower neighbour goes; nobody giving anything replaces nobody', () => {
  const rule = new WorstNeighbourRule(config);
  const ps = [peer('a', 0, 900_000), peer('b', 0, 100_000), peer('c', 0, 500_000)];
  rule.review(ps, 0);
  assert.equal(rule.review(ps, 30_000), null);
  ps[0]!.bytesReceived += 1_000_000;
  ps[2]!.bytesReceived += 1_000_000;
  assert.equal(rule.review(ps, 60_000)?.neighbour.peerId, 'b');
});

test('an interval of 0 turns the rule off', () => {
  const rule = new WorstNeighbourRule({ replaceWorstIntervalMs: 0, replaceWorstBelowShare: 0.25 });
  const ps = [peer('a'), peer('b')];
  rule.review(ps, 0);
  ps[0]!.bytesReceived += 1_000_000;
  assert.equal(rule.review(ps, 1_000_000), null);
});
