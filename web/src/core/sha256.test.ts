import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sha256Hex, sha256HexSync } from './sha256.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

test('FIPS 180-2 vectors', () => {
  assert.equal(sha256HexSync(enc('abc')), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.equal(sha256HexSync(enc('')), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.equal(
    sha256HexSync(enc('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')),
    '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
  );
});

test('the fallback agrees with node and with crypto.subtle at every length around block edges', async () => {
  for (const n of [1, 55, 56, 63, 64, 65, 119, 120, 1000, 70_000]) {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff);
    const expected = createHash('sha256').update(bytes).digest('hex');
    assert.equal(sha256HexSync(bytes), expected, `length ${n}`);
    assert.equal(await sha256Hex(bytes), expected, `subtle, length ${n}`);
  }
});
