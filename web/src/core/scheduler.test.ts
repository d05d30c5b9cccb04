import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isElectedForOrigin } from './origin-election.js';
import { PartScheduler, type PartDecisionInput, type PeerCandidate } from './scheduler.js';
import { DEFAULT_SWARM_CONFIG, resolveSwarmConfig } from './swarm-config.js';

const scheduler = new PartScheduler(DEFAULT_SWARM_CONFIG);
const key = { rendition: 'main', msn: 100, part: 2 };

const peer = (peerId: string, over: Partial<PeerCandidate> = {}): PeerCandidate => ({
  peerId,
  uploadKbps: 10_000,
  holds: false,
  chokesUs: false,
  activeOnRendition: true,
  throughputBytesPerSec: 0,
  rttMs: 0,
  failures: 0,
  inFlightBytes: 0,
  ...over,
});

const input = (over: Partial<PartDecisionInput> = {}): PartDecisionInput => ({
  key,
  nowMs: 10_000,
  deadlineMs: 11_000,
  sinceMs: 10_000,
  sizeBytes: 160_000,
  hashKnown: true,
  selfPeerId: 'me',
  selfUploadKbps: 10_000,
  peers: [],
  triedPeers: new Set(),
  ...over,
});

/** Peers among which `me` loses (or wins) the election for `key`. */
function neighbourhood(meElected: boolean): PeerCandidate[] {
  for (let i = 0; i < 1000; i++) {
    const peers = [peer(`a${i}`), peer(`b${i}`), peer(`c${i}`)];
    if (isElectedForOrigin({ peerId: 'me', uploadKbps: 10_000 }, peers, key, 1) === meElected) return peers;
  }
  throw new Error('no neighbourhood found');
}

test('inside the urgent window the origin is used even when peers hold the part', () => {
  const d = scheduler.decide(input({ nowMs: 10_700, peers: [peer('p', { holds: true })] }));
  assert.deepEqual(d, { kind: 'origin', reason: 'urgent' });
});

test('a viewer without neighbours fetches from the origin at once', () => {
  assert.deepEqual(scheduler.decide(input()), { kind: 'origin', reason: 'alone' });
  assert.deepEqual(scheduler.decide(input({ peers: [peer('x', { activeOnRendition: false })] })), { kind: 'origin', reason: 'alone' });
});

test('the elected viewer fetches a new part from the origin at once', () => {
  assert.deepEqual(scheduler.decide(input({ peers: neighbourhood(true) })), { kind: 'origin', reason: 'elected' });
});

test('a viewer not elected waits for a HAVE, until the budget runs out, then uses the origin', () => {
  const peers = neighbourhood(false);
  assert.deepEqual(scheduler.decide(input({ peers })), { kind: 'wait', untilMs: 10_600 });
  assert.deepEqual(scheduler.decide(input({ peers, nowMs: 10_599 })), { kind: 'wait', untilMs: 10_600 });
  assert.deepEqual(scheduler.decide(input({ peers, nowMs: 10_600 })), { kind: 'origin', reason: 'budget' });
});

test('the wait never reaches into the urgent window', () => {
  const peers = neighbourhood(false);
  const d = scheduler.decide(input({ peers, deadlineMs: 10_800 }));
  assert.deepEqual(d, { kind: 'wait', untilMs: 10_800 - DEFAULT_SWARM_CONFIG.urgentWindowMs });
});

test('once a neighbour announces the part it is requested, with a timeout that leaves the origin its window', () => {
  const peers = [...neighbourhood(false)];
  peers[0] = { ...peers[0]!, holds: true };
  const d = scheduler.decide(input({ peers }));
  assert.deepEqual(d, { kind: 'peer', peerId: peers[0]!.peerId, timeoutMs: 650 });
});

test('even the elected viewer takes the part from a neighbour that already has it', () => {
  const peers = [...neighbourhood(true)];
  peers[1] = { ...peers[1]!, holds: true };
  assert.equal(scheduler.decide(input({ peers })).kind, 'peer');
});

test('choking or already tried holders are skipped', () => {
  const peers = [peer('a', { holds: true, chokesUs: true }), peer('b', { holds: true })];
  assert.deepEqual(scheduler.decide(input({ peers, triedPeers: new Set(['b']) })).kind === 'peer', false);
  const d = scheduler.decide(input({ peers }));
  assert.equal(d.kind === 'peer' && d.peerId, 'b');
});

test('without the hub hash nothing is asked of peers', () => {
  const peers = [peer('a', { holds: true })];
  const d = scheduler.decide(input({ peers, hashKnown: false }));
  assert.notEqual(d.kind, 'peer');
});

test('requests spread by measured throughput and bytes already in flight', () => {
  const fast = peer('fast', { holds: true, throughputBytesPerSec: 4_000_000, rttMs: 20 });
  const slow = peer('slow', { holds: true, throughputBytesPerSec: 1_000_000, rttMs: 20 });
  const first = scheduler.decide(input({ peers: [slow, fast] }));
  assert.equal(first.kind === 'peer' && first.peerId, 'fast');
  const busyFast = { ...fast, inFlightBytes: 800_000 };
  const second = scheduler.decide(input({ peers: [slow, busyFast] }));
  assert.equal(second.kind === 'peer' && second.peerId, 'slow');
});

test('failures make a neighbour look slower', () => {
  const a = peer('a', { holds: true, failures: 3, throughputBytesPerSec: 2_000_000, rttMs: 20 });
  const b = peer('b', { holds: true, throughputBytesPerSec: 1_000_000, rttMs: 20 });
  const d = scheduler.decide(input({ peers: [a, b] }));
  assert.equal(d.kind === 'peer' && d.peerId, 'b');
});

test('a holder too slow to beat the deadline sends the viewer to the origin', () => {
  const slow = peer('slow', { holds: true, throughputBytesPerSec: 100_000, rttMs: 50 });
  assert.deepEqual(scheduler.decide(input({ peers: [slow] })), { kind: 'origin', reason: 'too-slow' });
});

test('prefetch picks the rarest parts first, then the oldest', () => {
  const keys = scheduler.pickPrefetch(
    [
      { key: { rendition: 'main', msn: 5, part: 1 }, holders: 3 },
      { key: { rendition: 'main', msn: 6, part: 0 }, holders: 1 },
      { key: { rendition: 'main', msn: 5, part: 2 }, holders: 1 },
      { key: { rendition: 'main', msn: 5, part: 3 }, holders: 2 },
    ],
    3,
  );
  assert.deepEqual(keys, [
    { rendition: 'main', msn: 5, part: 2 },
    { rendition: 'main', msn: 6, part: 0 },
    { rendition: 'main', msn: 5, part: 3 },
  ]);
  assert.deepEqual(scheduler.pickPrefetch([{ key, holders: 1 }], 0), []);
});

test('two fetchers per part: the top two of the neighbourhood go to the origin', () => {
  const s2 = new PartScheduler(resolveSwarmConfig({ originFetchersPerPart: 2 }));
  const all = ['me', 'a', 'b', 'c', 'd'];
  let originCount = 0;
  for (const self of all) {
    const peers = all.filter((p) => p !== self).map((p) => peer(p));
    if (s2.decide(input({ selfPeerId: self, peers })).kind === 'origin') originCount++;
  }
  assert.equal(originCount, 2);
});

test('config validation refuses nonsense', () => {
  assert.throws(() => resolveSwarmConfig({ maxNeighbours: 17 }), RangeError);
  assert.throws(() => resolveSwarmConfig({ urgentWindowMs: -1 }), RangeError);
  assert.throws(() => resolveSwarmConfig({ statsIntervalMs: 500 }), RangeError);
  assert.throws(() => resolveSwarmConfig({ channelLowWaterMarkBytes: 2 * 1024 * 1024 }), RangeError);
  assert.equal(resolveSwarmConfig({}).maxNeighbours, 8);
});

test('a viewer the hub assigned fetches a new part from the origin at once, with or without neighbours', () => {
  const assignedFetchers = ['other', 'me'];
  assert.deepEqual(scheduler.decide(input({ assignedFetchers })), { kind: 'origin', reason: 'elected' });
  // Even where the neighbourhood election would have chosen somebody else.
  assert.deepEqual(scheduler.decide(input({ assignedFetchers, peers: neighbourhood(false) })), { kind: 'origin', reason: 'elected' });
});

test('a viewer the hub did not assign waits for a HAVE even where its neighbourhood would elect it, then the budget', () => {
  const peers = neighbourhood(true);
  const assignedFetchers = ['somebody-else'];
  assert.deepEqual(scheduler.decide(input({ peers, assignedFetchers })), { kind: 'wait', untilMs: 10_600 });
  assert.deepEqual(scheduler.decide(input({ peers, assignedFetchers, nowMs: 10_600 })), { kind: 'origin', reason: 'budget' });
  assert.deepEqual(scheduler.decide(input({ peers, assignedFetchers, deadlineMs: 10_800 })), {
    kind: 'wait',
    untilMs: 10_800 - DEFAULT_SWARM_CONFIG.urgentWindowMs,
  });
});

test('a viewer the hub did not assign, with no neighbour on the rendition, fetches at once', () => {
  assert.deepEqual(scheduler.decide(input({ assignedFetchers: ['somebody-else'] })), { kind: 'origin', reason: 'alone' });
  const idle = [peer('x', { activeOnRendition: false })];
  assert.deepEqual(scheduler.decide(input({ peers: idle, assignedFetchers: ['x'] })), { kind: 'origin', reason: 'alone' });
});

test('with an assignment a neighbour that holds the part is still asked first, and urgency still wins', () => {
  const peers = [peer('p', { holds: true })];
  const d = scheduler.decide(input({ peers, assignedFetchers: ['me'] }));
  assert.equal(d.kind === 'peer' && d.peerId, 'p');
  assert.deepEqual(scheduler.decide(input({ assignedFetchers: ['x'], peers: neighbourhood(false), nowMs: 10_700 })), {
    kind: 'origin',
    reason: 'urgent',
  });
});

test('without an assignment the neighbourhood elects, as before', () => {
  assert.deepEqual(scheduler.decide(input({ peers: neighbourhood(true), assignedFetchers: undefined })), { kind: 'origin', reason: 'elected' });
  assert.equal(scheduler.decide(input({ peers: neighbourhood(false), assignedFetchers: undefined })).kind, 'wait');
});
