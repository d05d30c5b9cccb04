import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMediaPlaylist, PlaylistError } from './media-playlist';
import { nextPiece } from './headless-viewer';

// As the server writes it (MediaPlaylistWriter): an older segment listed whole, a complete segment
// with its parts, the open segment's parts so far, the preload hint.
const LIVE = `#EXTM3U
#EXT-X-VERSION:9
#EXT-X-TARGETDURATION:2
#EXT-X-PART-INF:PART-TARGET=0.500
#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.500
#EXT-X-MEDIA-SEQUENCE:10
#EXT-X-MAP:URI="init.mp4"
#EXT-X-PROGRAM-DATE-TIME:2026-12-07T04:00:00.000Z
#EXTINF:2.00000,
10.m4s
#EXT-X-PROGRAM-DATE-TIME:2026-12-07T04:00:02.000Z
#EXT-X-PART:DURATION=0.50000,URI="11.0.m4s",INDEPENDENT=YES
#EXT-X-PART:DURATION=0.50000,URI="11.1.m4s"
#EXT-X-PART:DURATION=0.50000,URI="11.2.m4s"
#EXT-X-PART:DURATION=0.50000,URI="11.3.m4s"
#EXTINF:2.00000,
11.m4s
#EXT-X-PROGRAM-DATE-TIME:2026-12-07T04:00:04.000Z
#EXT-X-PART:DURATION=0.50000,URI="12.0.m4s",INDEPENDENT=YES
#EXT-X-PART:DURATION=0.50000,URI="12.1.m4s"
#EXT-X-PRELOAD-HINT:TYPE=PART,URI="12.2.m4s"
`;
const T0 = Date.parse('2026-12-07T04:00:00.000Z') / 1000;

test('a live playlist gives whole old segments, parts of recent ones and the hint', () => {
  const p = parseMediaPlaylist(LIVE);
  assert.equal(p.targetDuration, 2);
  assert.equal(p.partHoldBack, 1.5);
  assert.equal(p.ended, false);
  assert.deepEqual(p.next, { msn: 12, part: 2 });
  assert.deepEqual(
    p.pieces.map((x) => `${x.msn}.${x.part}@${(x.start - T0).toFixed(1)}${x.independent ? '!' : ''}`),
    ['10.255@0.0!', '11.0@2.0!', '11.1@2.5', '11.2@3.0', '11.3@3.5', '12.0@4.0!', '12.1@4.5'],
  );
  assert.equal(p.pieces[0]?.uri, '10.m4s');
  assert.equal(p.pieces[2]?.uri, '11.1.m4s');
});

test('an ended playlist says so and has no hint', () => {
  const p = parseMediaPlaylist(LIVE.replace(/#EXT-X-PRELOAD-HINT.*\n/, '') + '#EXT-X-ENDLIST\n');
  assert.equal(p.ended, true);
  assert.equal(p.next, null);
});

test('the piece after the buffer: contiguous, then after a hole, then none until a reload', () => {
  const p = parseMediaPlaylist(LIVE);
  assert.equal(nextPiece(p, T0 + 2.5)?.uri, '11.1.m4s');
  assert.equal(nextPiece(p, T0 + 2.49)?.uri, '11.1.m4s');
  assert.equal(nextPiece(p, T0 + 5)?.uri, undefined);
  assert.equal(nextPiece(p, T0 - 1)?.uri, '10.m4s');
});

test('text that is not a media playlist is refused with PlaylistError', () => {
  for (const bad of [
    '',
    '<html>',
    '#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:1\n',
    '#EXTM3U\n#EXT-X-TARGETDURATION:x\n',
    '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-PROGRAM-DATE-TIME:yesterday\n',
    '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:1\n#EXT-X-PROGRAM-DATE-TIME:2026-12-07T04:00:00Z\n#EXT-X-PART:DURATION=0.5\n',
    '#EXTM3U\n#EXT-X-TARGETDURATION:2\n1.m4s\n',
  ]) {
    assert.throws(() => parseMediaPlaylist(bad), PlaylistError, JSON.stringify(bad));
  }
});
