import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBitrate, formatDroppedFrames, formatMegabytes, formatResolution, formatSeconds, formatShare, MISSING } from './stats-format';

test('formatSeconds', () => {
  assert.equal(formatSeconds(2.126), '2.13 s');
  assert.equal(formatSeconds(0), '0.00 s');
  assert.equal(formatSeconds(-0.5), '-0.50 s');
  assert.equal(formatSeconds(1.5, 1), '1.5 s');
  assert.equal(formatSeconds(null), MISSING);
  assert.equal(formatSeconds(Number.NaN), MISSING);
});

test('formatBitrate uses decimal prefixes', () => {
  assert.equal(formatBitrate(2_800_000), '2.80 Mb/s');
  assert.equal(formatBitrate(1_000_000), '1.00 Mb/s');
  assert.equal(formatBitrate(800_000), '800 kb/s');
  assert.equal(formatBitrate(96_400), '96 kb/s');
  assert.equal(formatBitrate(0), MISSING);
  assert.equal(formatBitrate(null), MISSING);
});

test('formatResolution', () => {
  assert.equal(formatResolution(1280, 720), '1280×720');
  assert.equal(formatResolution(0, 720), MISSING);
  assert.equal(formatResolution(Number.NaN, 720), MISSING);
});

test('formatDroppedFrames', () => {
  assert.equal(formatDroppedFrames(3, 1800), '3 / 1800');
  assert.equal(formatDroppedFrames(null, 10), MISSING);
});

test('formatMegabytes and formatShare', () => {
  assert.equal(formatMegabytes(12_345_678), '12.3 MB');
  assert.equal(formatMegabytes(0), '0.0 MB');
  assert.equal(formatMegabytes(Number.NaN), MISSING);
  assert.equal(formatShare(85, 100), '85 %');
  assert.equal(formatShare(2, 3), '67 %');
  assert.equal(formatShare(0, 0), MISSING);
});
