import { test } from 'node:test';
import assert from 'node:assert/strict';
import { heldBitfield } from './held-bitfield.js';
import { PartAssembly } from './part-assembly.js';
import { bitfieldHas, decodeMessage, encodeMessage } from './protocol/index.js';
import { PartHashes } from './part-hashes.js';
import { PeerHoldings } from './peer-holdings.js';
import { TypedEmitter } from './typed-emitter.js';

const hex = 'ab'.repeat(32);

test('an assembly completes from in-order pieces', () => {
  const a = new PartAssembly();
  assert.equal(a.add(0, 5, Uint8Array.of(1, 2)), 'more');
  assert.equal(a.add(2, 5, Uint8Array.of(3, 4, 5)), 'complete');
  assert.deepEqual([...a.bytes], [1, 2, 3, 4, 5]);
});

test('gaps, overlaps and a changed total are malformed', () => {
  const gap = new PartAssembly();
  gap.add(0, 5, Uint8Array.of(1));
  assert.equal(gap.add(2, 5, Uint8Array.of(1)), 'malformed');
  const total = new PartAssembly();
  total.add(0, 5, Uint8Array.of(1));
  assert.equal(total.add(1, 6, Uint8Array.of(1)), 'malformed');
  assert.equal(new PartAssembly().add(0, 0, Uint8Array.of(1)), 'malformed');
  assert.throws(() => new PartAssembly().bytes);
});

test('holdings follow HAVE and BITFIELD; a seed holds everything', () => {
  const h = new PeerHoldings(false);
  h.applyHave('main', 10, 2);
  assert.equal(h.holds({ rendition: 'main', msn: 10, part: 2 }), true);
  assert.equal(h.holds({ rendition: 'main', msn: 10, part: 3 }), false);
  h.applyBitfield('main', { type: 'bitfield', rendition: 0, baseMsn: 5, count: 3, bits: Uint8Array.of(0b1010_0000) });
  assert.equal(h.holds({ rendition: 'main', msn: 5, part: 255 }), true);
  assert.equal(h.holds({ rendition: 'main', msn: 6, part: 255 }), false);
  assert.equal(h.holds({ rendition: 'main', msn: 7, part: 255 }), true);
  assert.equal(h.newestMsn('main'), 10);
  assert.deepEqual(h.announced('main', 8), [{ rendition: 'main', msn: 10, part: 2 }]);
  h.forget({ rendition: 'main', msn: 10, part: 2 });
  assert.equal(h.holds({ rendition: 'main', msn: 10, part: 2 }), false);
  assert.equal(new PeerHoldings(true).holds({ rendition: 'x', msn: 1, part: 1 }), true);
});

test('holdings forget segments far behind the newest', () => {
  const h = new PeerHoldings(false);
  h.applyHave('main', 1, 0);
  h.applyHave('main', 200, 0);
  assert.equal(h.holds({ rendition: 'main', msn: 1, part: 0 }), false);
  assert.equal(h.holds({ rendition: 'main', msn: 200, part: 0 }), true);
});

test('part hashes keep the first value, lower-case, and skip malformed entries', () => {
  const p = new PartHashes();
  const added = p.add([
    { rendition: 'main', msn: 1, part: 0, size: 10, sha256: hex.toUpperCase() },
    { rendition: 'main', msn: 1, part: 0, size: 11, sha256: hex },
    { rendition: 'main', msn: 1, part: 1, size: 10, sha256: 'xyz' },
    { rendition: 'main', msn: -1, part: 1, size: 10, sha256: hex },
  ]);
  assert.equal(added.length, 1);
  assert.deepEqual(p.get({ rendition: 'main', msn: 1, part: 0 }), { rendition: 'main', msn: 1, part: 0, size: 10, sha256: hex });
  assert.equal(p.get({ rendition: 'main', msn: 1, part: 1 }), undefined);
  assert.equal(p.newestMsn('main'), 1);
});

test('the emitter calls listeners in order and survives a throwing one', () => {
  const errors: unknown[] = [];
  const e = new TypedEmitter<{ x: number; y: string }>((err) => errors.push(err));
  const seen: string[] = [];
  const off = e.on('x', (n) => seen.push(`a${n}`));
  e.on('x', () => {
    throw new Error('boom');
  });
  e.on('x', (n) => seen.push(`c${n}`));
  e.emit('x', 1);
  off();
  e.emit('x', 2);
  e.emit('y', 'ignored');
  assert.deepEqual(seen, ['a1', 'c1', 'c2']);
  assert.equal(errors.length, 2);
});

test('held segments encode as a BITFIELD the codec accepts and the holdings read back', () => {
  assert.equal(heldBitfield([]), null);
  const b = heldBitfield([10, 11, 13, 20]);
  assert.deepEqual(b, { baseMsn: 10, count: 11, bits: Uint8Array.of(0b1101_0000, 0b0010_0000) });
  const message = { type: 'bitfield' as const, rendition: 0, ...b! };
  const decoded = decodeMessage(encodeMessage(message));
  assert.equal(decoded.kind, 'message');
  const h = new PeerHoldings(false);
  h.applyBitfield('main', message);
  for (const msn of [10, 11, 13, 20]) assert.equal(h.holds({ rendition: 'main', msn, part: 255 }), true);
  assert.equal(h.holds({ rendition: 'main', msn: 12, part: 255 }), false);
  const wide = heldBitfield([0, 5, 2000, 2047]);
  assert.equal(wide?.baseMsn, 1024);
  assert.equal(wide?.count, 1024);
  const wideMessage = { type: 'bitfield' as const, rendition: 0, ...wide! };
  assert.equal(bitfieldHas(wideMessage, 2000 - 1024), true);
  assert.equal(bitfieldHas(wideMessage, 1023), true);
  assert.equal(decodeMessage(encodeMessage(wideMessage)).kind, 'message');
});
