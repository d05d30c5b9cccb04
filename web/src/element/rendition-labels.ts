/** The parts of a rendition its label is made of. */
export interface LabelledRendition {
  readonly width: number;
  readonly height: number;
  /** Declared BANDWIDTH, bits per second. */
  readonly bitrate: number;
}

/**
 * Labels for the quality picker, one per rendition in the same order: `720p`, `360p`… by height;
 * when two share a height (or the height is unknown) the bitrate is added so every entry can be
 * told apart: `720p · 2.8 Mb/s`.
 */
export function renditionLabels(renditions: readonly LabelledRendition[]): string[] {
  const base = renditions.map((r) => (r.height > 0 ? `${r.height}p` : ''));
  return renditions.map((r, i) => {
    const own = base[i] ?? '';
    const shared = own === '' || base.some((b, j) => j !== i && b === own);
    if (!shared) return own;
    const rate = bitrateText(r.bitrate);
    return own === '' ? rate : `${own} · ${rate}`;
  });
}

function bitrateText(bitsPerSecond: number): string {
  if (!(bitsPerSecond > 0) || !Number.isFinite(bitsPerSecond)) return '?';
  return bitsPerSecond >= 1_000_000 ? `${(bitsPerSecond / 1_000_000).toFixed(1)} Mb/s` : `${Math.round(bitsPerSecond / 1_000)} kb/s`;
}

/** Below this width (the narrow layout of the player's container query) the picker is ~4.6rem wide. */
export const NARROW_PLAYER_PX = 480;

/**
 * The picker's "Auto" entry: names the rendition Auto is showing (`Auto (360p)`), except in a
 * narrow player, where that would be cut to `Aut…`; there it stays `Auto` (the stats panel says which).
 */
export function autoLabel(currentHeight: number | null, narrow: boolean): string {
  return currentHeight === null || !(currentHeight > 0) || narrow ? 'Auto' : `Auto (${currentHeight}p)`;
}
