import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { decodeMessage } from './decode-message.js';
import { encodeMessage } from './encode-message.js';
import { bitfieldHas, type PeerMessage } from './peer-message.js';

// The golden vectors of docs/protocol.md, shared with the C# codec. Tests run with web/ as cwd.
const vectors = path.resolve(process.cwd(), '../tests/vectors/protocol');

interface Vector {
  name: string;
  hex: string;
  type?: string;
  error?: string;
  fields?: Record<string, unknown>;
}

const load = (file: string): Vector[] => JSON.parse(readFileSync(path.join(vectors, file), 'utf8')) as Vector[];
const fromHex = (hex: string): Uint8Array => Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16));
const toHex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** The vector's fields as the TypeScript message they describe. */
function expected(v: Vector): PeerMessage {
  const f = v.fields ?? {};
  const n = (k: string): number => f[k] as number;
  switch (v.type) {
    case 'Hello':
      return { type: 'hello', stream: f['stream'] as string, renditions: f['renditions'] as string[], uploadKbps: n('uploadKbps'), isSeed: f['isSeed'] as boolean };
    case 'Have':
      return { type: 'have', rendition: n('rendition'), msn: n('msn'), part: n('part') };
    case 'Bitfield': {
      const bits = new Uint8Array(Math.ceil(n('count') / 8));
      for (const i of f['held'] as number[]) bits[i >> 3] = (bits[i >> 3] ?? 0) | (0x80 >> (i & 7));
      return { type: 'bitfield', rendition: n('rendition'), baseMsn: n('baseMsn'), count: n('count'), bits };
    }
    case 'Request':
      return { type: 'request', requestId: n('requestId'), rendition: n('rendition'), msn: n('msn'), part: n('part'), priority: n('priority') };
    case 'Data':
      return { type: 'data', requestId: n('requestId'), offset: n('offset'), total: n('total'), payload: fromHex(f['payload'] as string) };
    case 'Cancel':
      return { type: 'cancel', requestId: n('requestId') };
    case 'Choke':
      return { type: 'choke' };
    case 'Unchoke':
      return { type: 'unchoke' };
    case 'Absent':
      return { type: 'absent', requestId: n('requestId'), reason: n('reason') as 0 | 1 | 2 | 3 };
    default:
      throw new Error(`unknown vector type ${String(v.type)}`);
  }
}

for (const v of load('valid.json')) {
  test(`valid vector ${v.name}: decodes to its fields and encodes back to its bytes`, () => {
    const bytes = fromHex(v.hex);
    const result = decodeMessage(bytes);
    assert.equal(result.kind, 'message');
    if (result.kind !== 'message') return;
    assert.deepEqual(result.message, expected(v));
    assert.equal(toHex(encodeMessage(result.message)), v.hex);
    assert.equal(toHex(encodeMessage(expected(v))), v.hex);
  });
}

for (const v of load('malformed.json')) {
  test(`malformed vector ${v.name}: refused with ${String(v.error)}`, () => {
    assert.deepEqual(decodeMessage(fromHex(v.hex)), { kind: 'error', error: v.error });
  });
}

for (const v of load('ignored.json')) {
  test(`unknown type ${v.name}: ignored without error`, () => {
    assert.equal(decodeMessage(fromHex(v.hex)).kind, 'ignored');
  });
}

test('every prefix of every valid vector is refused, except shorter DATA pieces', () => {
  for (const v of load('valid.json')) {
    const bytes = fromHex(v.hex);
    for (let length = 0; length < bytes.length; length++) {
      const result = decodeMessage(bytes.subarray(0, length));
      if (result.kind === 'message') {
        assert.equal(v.type, 'Data', `${v.name} prefix ${length} decoded`);
      } else {
        assert.equal(result.kind, 'error', `${v.name} prefix ${length}`);
      }
    }
  }
});

test('mutated and random messages never throw, and what decodes re-encodes identically', () => {
  let seed = 20261125;
  const next = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed >>> 8;
  };
  const seeds = load('valid.json').map((v) => fromHex(v.hex)).filter((b) => b.length < 100);
  for (let i = 0; i < 20_000; i++) {
    let message: Uint8Array;
    if (i % 4 === 0) {
      message = Uint8Array.from({ length: next() % 40 }, () => next() & 0xff);
    } else {
      message = (seeds[next() % seeds.length] ?? new Uint8Array(0)).slice();
      for (let f = 0, flips = 1 + (next() % 3); f < flips && message.length > 0; f++) {
        const at = next() % message.length;
        message[at] = (message[at] ?? 0) ^ (1 << next() % 8);
      }
    }
    const result = decodeMessage(message);
    if (result.kind === 'message') assert.equal(toHex(encodeMessage(result.message)), toHex(message));
  }
});

test('bitfieldHas reads bits MSB first and refuses indexes outside the count', () => {
  const result = decodeMessage(fromHex(load('valid.json').find((v) => v.name === 'bitfield-10')?.hex ?? ''));
  assert.equal(result.kind, 'message');
  if (result.kind !== 'message' || result.message.type !== 'bitfield') return;
  const held = [...Array(10).keys()].filter((i) => bitfieldHas(result.message as never, i));
  assert.deepEqual(held, [0, 1, 2, 7, 9]);
  assert.equal(bitfieldHas(result.message, 10), false);
  assert.equal(bitfieldHas(result.message, -1), false);
});

test('encoding refuses fields outside the protocol limits', () => {
  assert.throws(() => encodeMessage({ type: 'have', rendition: 0, msn: 1, part: 100 }), RangeError);
  assert.throws(() => encodeMessage({ type: 'request', requestId: 1, rendition: 0, msn: 1, part: 0, priority: 4 }), RangeError);
  assert.throws(() => encodeMessage({ type: 'hello', stream: 'Bad', renditions: ['main'], uploadKbps: 1, isSeed: false }), RangeError);
  assert.throws(() => encodeMessage({ type: 'data', requestId: 1, offset: 5, total: 5, payload: new Uint8Array(1) }), RangeError);
});
