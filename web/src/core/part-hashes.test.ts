import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_FETCHERS, PartHashes, parseFetchers, type PartHash } from './part-hashes.js';

const sha = 'ab'.repeat(32);
const id = (n: number): string => n.toString(16).padStart(24, '0');
const hash = (over: Record<string, unknown> = {}): PartHash => ({ rendition: 'main', msn: 3, part: 1, size: 100, sha256: sha, ...over }) as PartHash;

test('the fetchers the hub assigned are kept with the hash', () => {
  const hashes = new PartHashes();
  const fetchers = [id(1), id(2)];
  const [added] = hashes.add([hash({ fetchers })]);
  assert.deepEqual(added?.fetchers, fetchers);
  assert.deepEqual(hashes.get({ rendition: 'main', msn: 3, part: 1 })?.fetchers, fetchers);
});

test('a hash without fetchers, or with null, has none', () => {
  const hashes = new PartHashes();
  hashes.add([hash({ part: 1 }), hash({ part: 2, fetchers: null })]);
  assert.equal(hashes.get({ rendition: 'main', msn: 3, part: 1 })?.fetchers, undefined);
  assert.equal(hashes.get({ rendition: 'main', msn: 3, part: 2 })?.fetchers, undefined);
  assert.equal('fetchers' in hashes.get({ rendition: 'main', msn: 3, part: 2 })!, false);
});

test('malformed fetchers are ignored and the hash is kept', () => {
  const bad: unknown[] = [
    'not-an-array',
    7,
    {},
    [],
    [id(1), 42],
    [id(1), null],
    ['ABCDEF0123456789ABCDEF01'],
    [id(1).slice(1)],
    [id(1) + '0'],
    ['../../etc/passwd'],
    Array.from({ length: MAX_FETCHERS + 1 }, (_, i) => id(i)),
  ];
  const hashes = new PartHashes();
  const added = hashes.add(bad.map((fetchers, part) => hash({ part, fetchers })));
  assert.equal(added.length, bad.length);
  for (const h of added) assert.equal(h.fetchers, undefined, `part ${h.part}`);
});

test('up to 16 fetchers are accepted, and the list cannot be changed afterwards', () => {
  const many = Array.from({ length: MAX_FETCHERS }, (_, i) => id(i));
  const parsed = parseFetchers(many);
  assert.deepEqual(parsed, many);
  many[0] = 'changed';
  assert.equal(parsed?.[0], id(0));
  assert.throws(() => (parsed as string[]).push(id(99)));
});

test('a malformed hash is still skipped whatever its fetchers', () => {
  const hashes = new PartHashes();
  assert.equal(hashes.add([hash({ sha256: 'zz', fetchers: [id(1)] })]).length, 0);
});
