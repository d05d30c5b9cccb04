import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PartStore } from './part-store.js';

const bytes = (n: number, fill = 1): Uint8Array => new Uint8Array(n).fill(fill);
const k = (msn: number, part: number, rendition = 'main') => ({ rendition, msn, part });

test('a stored part is returned and counted', () => {
  const s = new PartStore(1000);
  assert.deepEqual(s.put(k(1, 0), bytes(100)), []);
  assert.equal(s.has(k(1, 0)), true);
  assert.equal(s.get(k(1, 0))?.length, 100);
  assert.equal(s.sizeBytes, 100);
  assert.equal(s.get(k(1, 1)), undefined);
  assert.equal(s.has(k(1, 0, 'low')), false);
});

test('storing beyond the budget evicts the oldest first', () => {
  const s = new PartStore(300);
  s.put(k(1, 0), bytes(100));
  s.put(k(1, 1), bytes(100));
  s.put(k(1, 2), bytes(100));
  assert.deepEqual(s.put(k(2, 0), bytes(150)), [k(1, 0), k(1, 1)]);
  assert.equal(s.sizeBytes, 250);
  assert.equal(s.has(k(1, 0)), false);
  assert.equal(s.has(k(2, 0)), true);
});

test('a part larger than the budget is refused, and a repeated put changes nothing', () => {
  const s = new PartStore(100);
  assert.deepEqual(s.put(k(1, 0), bytes(101)), [k(1, 0)]);
  assert.equal(s.count, 0);
  s.put(k(1, 1), bytes(50));
  assert.deepEqual(s.put(k(1, 1), bytes(60)), []);
  assert.equal(s.sizeBytes, 50);
});

test('a whole segment assembles from its parts when their sizes add up to the segment size', () => {
  const s = new PartStore(10_000);
  s.put(k(5, 0), bytes(10, 1));
  s.put(k(5, 1), bytes(20, 2));
  assert.equal(s.assembleSegment('main', 5, 40), undefined, 'part 2 missing');
  s.put(k(5, 2), bytes(10, 3));
  assert.equal(s.assembleSegment('main', 5, 35), undefined, 'sizes overshoot');
  const seg = s.assembleSegment('main', 5, 40);
  assert.equal(seg?.parts, 3);
  assert.deepEqual([...(seg?.bytes ?? [])], [...bytes(10, 1), ...bytes(20, 2), ...bytes(10, 3)]);
  assert.equal(s.has(k(5, 255)), false, 'not complete until marked');
  s.markSegmentComplete('main', 5, 3);
  assert.equal(s.has(k(5, 255)), true);
  assert.equal(s.get(k(5, 255))?.length, 40);
  assert.deepEqual(s.wholeSegments('main'), [5]);
});

test('evicting one part of a complete segment makes the segment unavailable', () => {
  const s = new PartStore(40);
  s.put(k(5, 0), bytes(20));
  s.put(k(5, 1), bytes(20));
  s.markSegmentComplete('main', 5, 2);
  s.put(k(6, 0), bytes(10));
  assert.equal(s.has(k(5, 255)), false);
  assert.equal(s.get(k(5, 255)), undefined);
  assert.deepEqual(s.wholeSegments('main'), []);
});

test('segments stored whole are listed per rendition, in order', () => {
  const s = new PartStore(10_000);
  s.put(k(9, 255), bytes(10));
  s.put(k(7, 255), bytes(10));
  s.put(k(8, 255, 'low'), bytes(10));
  assert.deepEqual(s.wholeSegments('main'), [7, 9]);
  assert.deepEqual(s.wholeSegments('low'), [8]);
  assert.deepEqual(s.renditions().sort(), ['low', 'main']);
  assert.throws(() => s.markSegmentComplete('main', 1, 1));
});
