import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstVariantUri, hasEndList, isPlaylist } from './playlist-text';

const master = [
  '#EXTM3U',
  '#EXT-X-VERSION:9',
  '#EXT-X-INDEPENDENT-SEGMENTS',
  '#EXT-X-STREAM-INF:BANDWIDTH=2800000,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2",FRAME-RATE=30.000',
  'main/index.m3u8',
  '#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2",FRAME-RATE=30.000',
  'low/index.m3u8',
  '',
].join('\n');

const liveMedia = [
  '#EXTM3U',
  '#EXT-X-VERSION:9',
  '#EXT-X-TARGETDURATION:2',
  '#EXT-X-PART-INF:PART-TARGET=0.5',
  '#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.5',
  '#EXT-X-MEDIA-SEQUENCE:10',
  '#EXT-X-MAP:URI="init.mp4"',
  '#EXT-X-PROGRAM-DATE-TIME:2026-11-25T08:00:00.000Z',
  '#EXTINF:2.000,',
  '10.m4s',
  '#EXT-X-PART:DURATION=0.500,URI="11.0.m4s",INDEPENDENT=YES',
  '#EXT-X-PRELOAD-HINT:TYPE=PART,URI="11.1.m4s"',
  '',
].join('\n');

test('firstVariantUri finds the first variant', () => {
  assert.equal(firstVariantUri(master), 'main/index.m3u8');
});

test('firstVariantUri skips comments and blank lines between the tag and the URI', () => {
  const text = '#EXTM3U\r\n#EXT-X-STREAM-INF:BANDWIDTH=1\r\n\r\n# comment\r\n  a/index.m3u8  \r\n';
  assert.equal(firstVariantUri(text), 'a/index.m3u8');
});

test('firstVariantUri is null without variants', () => {
  assert.equal(firstVariantUri('#EXTM3U\n'), null);
  assert.equal(firstVariantUri('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n'), null);
  assert.equal(firstVariantUri(''), null);
});

test('hasEndList tells a finished media playlist from a live one', () => {
  assert.equal(hasEndList(liveMedia), false);
  assert.equal(hasEndList(`${liveMedia}#EXT-X-ENDLIST\n`), true);
  assert.equal(hasEndList(`${liveMedia}#EXT-X-ENDLIST\r\n`), true);
  assert.equal(hasEndList('#EXTM3U\n#EXT-X-ENDLISTX\n'), false);
});

test('isPlaylist wants #EXTM3U first, a byte order mark tolerated', () => {
  assert.equal(isPlaylist(master), true);
  assert.equal(isPlaylist('\uFEFF#EXTM3U\n'), true);
  assert.equal(isPlaylist('<html>'), false);
  assert.equal(isPlaylist(''), false);
});
