/**
 * What a headless viewer needs of an LL-HLS media playlist (RFC 8216bis §4.4): every loadable
 * piece of media with its place on the wall clock. Media time here *is* program date time (seconds
 * since the epoch), so a playhead's latency is `now − position` with no separate mapping.
 *
 * A segment whose parts are listed yields its parts; an older segment listed only by `#EXTINF`
 * yields the whole segment (part 255). Segments without a program date time (the server always
 * writes one) are skipped: they could not be placed.
 */

/** One loadable piece: a part, or a whole segment (`part` 255). */
export interface PlaylistPiece {
  readonly msn: number;
  /** 0–99, or 255 for the whole segment. */
  readonly part: number;
  /** Program date time of its first sample, seconds since the epoch. */
  readonly start: number;
  readonly duration: number;
  /** A part that starts with a key frame (`INDEPENDENT=YES`), or a whole segment. */
  readonly independent: boolean;
  /** The URI as written (relative to the playlist). */
  readonly uri: string;
}

export interface MediaPlaylist {
  readonly targetDuration: number;
  /** `PART-HOLD-BACK`, 0 when absent. */
  readonly partHoldBack: number;
  readonly ended: boolean;
  /** In playlist order; a segment's parts, or the segment itself, never both. */
  readonly pieces: readonly PlaylistPiece[];
  /** The `EXT-X-PRELOAD-HINT` part, if any: what a blocking reload waits for. */
  readonly next: { readonly msn: number; readonly part: number } | null;
}

/** Thrown for text that is not a media playlist the viewer can follow. */
export class PlaylistError extends Error {
  override readonly name = 'PlaylistError';
}

const WHOLE_SEGMENT = 255;
const MAX_LINES = 20_000;

function attribute(line: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|[:,])${name}=("[^"]*"|[^,]*)`).exec(line);
  if (m?.[1] === undefined) return undefined;
  return m[1].startsWith('"') ? m[1].slice(1, -1) : m[1];
}

function finite(text: string | undefined, what: string): number {
  const n = text === undefined ? NaN : Number(text);
  if (!Number.isFinite(n) || n < 0) throw new PlaylistError(`bad ${what}: ${text ?? '(missing)'}`);
  return n;
}

/** Parses one media playlist; throws {@link PlaylistError} on text that is not one. */
export function parseMediaPlaylist(text: string): MediaPlaylist {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '#EXTM3U') throw new PlaylistError('not a playlist (no #EXTM3U)');
  if (lines.length > MAX_LINES) throw new PlaylistError(`playlist of ${lines.length} lines`);
  let targetDuration = NaN;
  let partHoldBack = 0;
  let ended = false;
  let msn = NaN;
  let segmentStart: number | null = null;
  let partOffset = 0;
  let segmentParts: PlaylistPiece[] = [];
  let extinf: number | null = null;
  let next: MediaPlaylist['next'] = null;
  const pieces: PlaylistPiece[] = [];

  const endSegment = (uri: string): void => {
    if (Number.isNaN(msn)) throw new PlaylistError('segment before #EXT-X-MEDIA-SEQUENCE');
    if (segmentStart !== null) {
      if (segmentParts.length > 0) pieces.push(...segmentParts);
      else pieces.push({ msn, part: WHOLE_SEGMENT, start: segmentStart, duration: extinf ?? 0, independent: true, uri });
    }
    msn++;
    segmentStart = null;
    partOffset = 0;
    segmentParts = [];
    extinf = null;
  };

  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#EXT-X-TARGETDURATION:')) {
      targetDuration = finite(line.slice('#EXT-X-TARGETDURATION:'.length), 'TARGETDURATION');
    } else if (line.startsWith('#EXT-X-SERVER-CONTROL:')) {
      const hold = attribute(line, 'PART-HOLD-BACK');
      if (hold !== undefined) partHoldBack = finite(hold, 'PART-HOLD-BACK');
    } else if (line.startsWith('#EXT-X-MEDIA-SEQUENCE:')) {
      msn = finite(line.slice('#EXT-X-MEDIA-SEQUENCE:'.length), 'MEDIA-SEQUENCE');
    } else if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) {
      const ms = Date.parse(line.slice('#EXT-X-PROGRAM-DATE-TIME:'.length));
      if (!Number.isFinite(ms)) throw new PlaylistError(`bad PROGRAM-DATE-TIME: ${line}`);
      segmentStart = ms / 1000;
    } else if (line.startsWith('#EXT-X-PART:')) {
      const duration = finite(attribute(line, 'DURATION'), 'part DURATION');
      const uri = attribute(line, 'URI');
      if (uri === undefined || uri === '') throw new PlaylistError(`part without URI: ${line}`);
      if (Number.isNaN(msn)) throw new PlaylistError('part before #EXT-X-MEDIA-SEQUENCE');
      if (segmentStart !== null) {
        segmentParts.push({
          msn,
          part: segmentParts.length,
          start: segmentStart + partOffset,
          duration,
          independent: attribute(line, 'INDEPENDENT') === 'YES',
          uri,
        });
      }
      partOffset += duration;
    } else if (line.startsWith('#EXTINF:')) {
      extinf = finite(line.slice('#EXTINF:'.length).split(',')[0], 'EXTINF');
    } else if (line.startsWith('#EXT-X-PRELOAD-HINT:')) {
      const uri = attribute(line, 'URI') ?? '';
      const m = /(\d+)\.(\d+)\.m4s$/.exec(uri);
      if (attribute(line, 'TYPE') === 'PART' && m?.[1] !== undefined && m[2] !== undefined) next = { msn: Number(m[1]), part: Number(m[2]) };
    } else if (line === '#EXT-X-ENDLIST') {
      ended = true;
    } else if (!line.startsWith('#')) {
      endSegment(line);
    }
  }
  // The open segment: its parts so far.
  if (segmentStart !== null && segmentParts.length > 0) pieces.push(...segmentParts);
  if (Number.isNaN(targetDuration)) throw new PlaylistError('no #EXT-X-TARGETDURATION');
  return { targetDuration, partHoldBack, ended, pieces, next };
}
