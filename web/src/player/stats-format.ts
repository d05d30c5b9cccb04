/** Text for the stats overlay; a missing value is an em dash so the layout does not jump. */
export const MISSING = '—';

export function formatSeconds(seconds: number | null, digits = 2): string {
  if (seconds === null || !Number.isFinite(seconds)) {
    return MISSING;
  }
  return `${seconds.toFixed(digits)} s`;
}

/** Bits per second as `2.80 Mb/s` or `800 kb/s` (decimal prefixes, as BANDWIDTH is declared). */
export function formatBitrate(bitsPerSecond: number | null): string {
  if (bitsPerSecond === null || !Number.isFinite(bitsPerSecond) || bitsPerSecond <= 0) {
    return MISSING;
  }
  if (bitsPerSecond >= 1_000_000) {
    return `${(bitsPerSecond / 1_000_000).toFixed(2)} Mb/s`;
  }
  return `${Math.round(bitsPerSecond / 1_000)} kb/s`;
}

export function formatResolution(width: number, height: number): string {
  if (!(width > 0) || !(height > 0)) {
    return MISSING;
  }
  return `${width}×${height}`;
}

/** Dropped out of decoded frames, e.g. `3 / 1 800`; null when the browser does not tell. */
export function formatDroppedFrames(dropped: number | null, total: number | null): string {
  if (dropped === null || total === null) {
    return MISSING;
  }
  return `${dropped} / ${total}`;
}

/** Bytes as decimal megabytes, e.g. `12.3 MB`. */
export function formatMegabytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) {
    return MISSING;
  }
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** Share of `part` in `whole` as a whole percentage; missing when nothing was counted yet. */
export function formatShare(part: number, whole: number): string {
  if (!(whole > 0) || !Number.isFinite(part)) {
    return MISSING;
  }
  return `${Math.round((100 * part) / whole)} %`;
}
