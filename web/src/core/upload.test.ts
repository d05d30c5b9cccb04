import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveSwarmConfig } from './swarm-config.js';
import { UploadQueue, type UploadPiece } from './upload-queue.js';
import { UploadSlots } from './upload-slots.js';

const KiB = 1024;
const isPiece = (x: unknown): x is UploadPiece => typeof x === 'object' && x !== null && 'payload' in x;

test('with no more neighbours than slots, everyone is unchoked', () => {
  const slots = new UploadSlots(resolveSwarmConfig(), () => 0);
  for (const p of ['a', 'b', 'c']) slots.addPeer(p, 0);
  const r = slots.rechoke(0);
  assert.deepEqual([...r.unchoke].sort(), ['a', 'b', 'c']);
  assert.deepEqual(r.choke, []);
});

test('reciprocity: the neighbours that gave the most recently keep the regular slots', () => {
  const slots = new UploadSlots(resolveSwarmConfig({ uploadSlots: 2, optimisticSlots: 1 }), () => 0);
  for (const p of ['a', 'b', 'c', 'd', 'e']) slots.addPeer(p, 0);
  slots.recordReceived('d', 5000, 0);
  slots.recordReceived('e', 4000, 0);
  slots.recordReceived('a', 100, 0);
  slots.rechoke(0);
  assert.equal(slots.isUnchoked('d'), true);
  assert.equal(slots.isUnchoked('e'), true);
  assert.equal(slots.unchoked.length, 3, 'two regular + one optimistic');
  // Much later 'a' gives a lot; old scores decayed.
  slots.recordReceived('a', 100_000, 60_000);
  const r = slots.rechoke(60_000);
  assert.equal(slots.isUnchoked('a'), true);
  assert.ok(r.choke.length >= 1 || r.unchoke.length >= 0);
});

test('the optimistic slot rotates after the rotation period and not before', () => {
  const config = resolveSwarmConfig({ uploadSlots: 1, optimisticSlots: 1, optimisticRotationMs: 10_000 });
  const slots = new UploadSlots(config, () => 0);
  for (const p of ['a', 'b', 'c', 'd']) slots.addPeer(p, 0);
  slots.recordReceived('a', 1_000_000, 0);
  slots.rechoke(0);
  const first = slots.unchoked.filter((p) => p !== 'a');
  assert.equal(first.length, 1);
  slots.rechoke(5000);
  assert.deepEqual(slots.unchoked.filter((p) => p !== 'a'), first);
  const r = slots.rechoke(10_000);
  const second = slots.unchoked.filter((p) => p !== 'a');
  assert.equal(second.length, 1);
  assert.notDeepEqual(second, first);
  assert.deepEqual(r.choke, first);
  assert.deepEqual(r.unchoke, second);
});

test('a removed neighbour leaves its slot', () => {
  const slots = new UploadSlots(resolveSwarmConfig(), () => 0);
  slots.addPeer('a', 0);
  slots.rechoke(0);
  slots.removePeer('a');
  assert.equal(slots.isUnchoked('a'), false);
  slots.recordReceived('a', 10, 0);
  assert.deepEqual(slots.rechoke(1).unchoke, []);
});

test('pieces are at most 16 KiB, in offset order, and requests interleave round-robin', () => {
  const q = new UploadQueue(1e9);
  q.enqueue(1, new Uint8Array(40 * KiB).fill(1), 3);
  q.enqueue(2, new Uint8Array(20 * KiB).fill(2), 3);
  const order: [number, number, number][] = [];
  for (let piece = q.next(0); piece !== null; piece = q.next(0)) {
    assert.ok(isPiece(piece));
    assert.ok(piece.payload.length <= 16 * KiB);
    order.push([piece.requestId, piece.offset, piece.payload.length]);
  }
  assert.deepEqual(order, [
    [1, 0, 16 * KiB],
    [2, 0, 16 * KiB],
    [1, 16 * KiB, 16 * KiB],
    [2, 16 * KiB, 4 * KiB],
    [1, 32 * KiB, 8 * KiB],
  ]);
});

test('urgent requests go before prefetches', () => {
  const q = new UploadQueue(1e9);
  q.enqueue(1, new Uint8Array(20 * KiB), 3);
  q.enqueue(2, new Uint8Array(20 * KiB), 0);
  const ids: number[] = [];
  for (let piece = q.next(0); piece !== null; piece = q.next(0)) if (isPiece(piece)) ids.push(piece.requestId);
  assert.deepEqual(ids, [2, 2, 1, 1]);
});

test('CANCEL drops the rest of a request; CHOKE clears all; ids are unique', () => {
  const q = new UploadQueue(1e9);
  assert.equal(q.enqueue(1, new Uint8Array(40 * KiB), 1), true);
  assert.equal(q.enqueue(1, new Uint8Array(10), 1), false);
  q.enqueue(2, new Uint8Array(40 * KiB), 1);
  q.next(0);
  assert.equal(q.cancel(1), true);
  assert.equal(q.cancel(1), false);
  const p = q.next(0);
  assert.ok(isPiece(p) && p.requestId === 2);
  assert.deepEqual(q.clear(), [2]);
  assert.equal(q.next(0), null);
});

test('the per-peer cap makes the queue wait once the bucket is empty', () => {
  const q = new UploadQueue(32 * KiB);
  q.enqueue(1, new Uint8Array(64 * KiB), 1);
  assert.ok(isPiece(q.next(0)));
  assert.ok(isPiece(q.next(0)));
  const wait = q.next(0);
  assert.deepEqual(wait, { waitMs: 500 });
  assert.ok(isPiece(q.next(500)));
});
