import { test } from 'node:test';
import assert from 'node:assert/strict';
import { electionScore, hash32, isElectedForOrigin, type ElectionCandidate } from './origin-election.js';

const ids = (n: number): ElectionCandidate[] => Array.from({ length: n }, (_, i) => ({ peerId: `peer-${i}`, uploadKbps: 10_000 }));

test('hash32 is deterministic and spreads', () => {
  assert.equal(hash32('abc'), hash32('abc'));
  assert.notEqual(hash32('main|1|0'), hash32('main|1|1'));
  assert.equal(hash32(''), hash32(''));
});

test('in a fully connected neighbourhood exactly the configured number of viewers is elected per part', () => {
  const all = ids(6);
  for (let msn = 0; msn < 50; msn++) {
    for (let part = 0; part < 4; part++) {
      const key = { rendition: 'main', msn, part };
      for (const fetchers of [1, 2]) {
        const elected = all.filter((me) => isElectedForOrigin(me, all.filter((o) => o !== me), key, fetchers));
        assert.equal(elected.length, fetchers, `msn ${msn} part ${part}`);
      }
    }
  }
});

test('the election rotates: over many parts every viewer fetches about its share', () => {
  const all = ids(6);
  const counts = new Map<string, number>();
  const parts = 3000;
  for (let i = 0; i < parts; i++) {
    const key = { rendition: 'main', msn: Math.floor(i / 4), part: i % 4 };
    for (const me of all) {
      if (isElectedForOrigin(me, all, key, 1)) counts.set(me.peerId, (counts.get(me.peerId) ?? 0) + 1);
    }
  }
  for (const me of all) {
    const share = (counts.get(me.peerId) ?? 0) / parts;
    assert.ok(share > 0.12 && share < 0.22, `${me.peerId} got ${share}`);
  }
});

test('election probability follows upload capacity', () => {
  const big = { peerId: 'big', uploadKbps: 30_000 };
  const small = { peerId: 'small', uploadKbps: 10_000 };
  let bigWins = 0;
  const parts = 4000;
  for (let i = 0; i < parts; i++) {
    const key = { rendition: 'main', msn: i, part: 0 };
    if (isElectedForOrigin(big, [small], key, 1)) bigWins++;
    assert.notEqual(isElectedForOrigin(big, [small], key, 1), isElectedForOrigin(small, [big], key, 1));
  }
  assert.ok(bigWins / parts > 0.7 && bigWins / parts < 0.8, `big won ${bigWins / parts}`);
});

test('alone, a viewer is always elected; scores stay positive for zero capacity', () => {
  assert.equal(isElectedForOrigin({ peerId: 'x', uploadKbps: 0 }, [], { rendition: 'main', msn: 1, part: 1 }, 1), true);
  assert.ok(electionScore('x', { rendition: 'main', msn: 1, part: 1 }, 0) > 0);
});
