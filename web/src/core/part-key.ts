import { WHOLE_SEGMENT } from './protocol/index.js';

/**
 * One relayable unit: an LL-HLS part of a segment, or the whole segment (`part` 255), named by the
 * rendition's name (not the protocol's per-sender index, which differs between peers).
 */
export interface PartKey {
  readonly rendition: string;
  readonly msn: number;
  /** 0–99, or {@link WHOLE_SEGMENT} (255) for the whole segment. */
  readonly part: number;
}

/** A string usable as a map key; `main/42/3`, `main/42/255`. */
export function partKeyId(key: PartKey): string {
  return `${key.rendition}/${key.msn}/${key.part}`;
}

export function isWholeSegment(key: PartKey): boolean {
  return key.part === WHOLE_SEGMENT;
}

export function samePartKey(a: PartKey, b: PartKey): boolean {
  return a.rendition === b.rendition && a.msn === b.msn && a.part === b.part;
}
