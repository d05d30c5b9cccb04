import { test } from 'node:test';
import assert from 'node:assert/strict';
import { autoLabel, renditionLabels } from './rendition-labels';

test('renditions are labelled by height', () => {
  assert.deepEqual(
    renditionLabels([
      { width: 640, height: 360, bitrate: 900_000 },
      { width: 426, height: 240, bitrate: 400_000 },
    ]),
    ['360p', '240p'],
  );
});

test('a shared or unknown height adds the bitrate', () => {
  assert.deepEqual(
    renditionLabels([
      { width: 1280, height: 720, bitrate: 2_800_000 },
      { width: 1280, height: 720, bitrate: 1_200_000 },
      { width: 0, height: 0, bitrate: 96_000 },
    ]),
    ['720p · 2.8 Mb/s', '720p · 1.2 Mb/s', '96 kb/s'],
  );
});

test('Auto names the rendition it shows, except in a narrow player', () => {
  assert.equal(autoLabel(360, false), 'Auto (360p)');
  assert.equal(autoLabel(360, true), 'Auto');
  assert.equal(autoLabel(null, false), 'Auto');
  assert.equal(autoLabel(0, false), 'Auto');
});
