/** The part of `TimeRanges` read here, so tests can pass plain objects. */
export interface TimeRangesLike {
  readonly length: number;
  start(index: number): number;
  end(index: number): number;
}

/**
 * Seconds of media buffered ahead of `currentTime`: the end of the buffered range that holds the
 * playhead, minus the playhead. Gaps up to `maxHoleSeconds` between ranges are bridged, as hls.js
 * jumps holes that small (its `maxBufferHole`, 0.1 s by default); 0 when the playhead is outside
 * every range.
 */
export function bufferAheadSeconds(buffered: TimeRangesLike, currentTime: number, maxHoleSeconds = 0.1): number {
  let end: number | null = null;
  for (let i = 0; i < buffered.length; i++) {
    const start = buffered.start(i);
    const rangeEnd = buffered.end(i);
    if (end === null) {
      if (currentTime >= start - maxHoleSeconds && currentTime < rangeEnd) {
        end = rangeEnd;
      }
    } else if (start - end <= maxHoleSeconds) {
      end = Math.max(end, rangeEnd);
    } else {
      break;
    }
  }
  return end === null ? 0 : Math.max(0, end - currentTime);
}
