import { MAX_BITFIELD_COUNT } from './protocol/index.js';

/** The BITFIELD body for held whole segments (docs/protocol.md: bit i, MSB first = baseMsn + i). */
export interface HeldBitfield {
  readonly baseMsn: number;
  readonly count: number;
  readonly bits: Uint8Array;
}

/**
 * Encodes the msns of held whole segments (ascending) as one BITFIELD over at most the newest 1024
 * segments, or null when none is held.
 */
export function heldBitfield(msns: readonly number[]): HeldBitfield | null {
  const last = msns[msns.length - 1];
  if (last === undefined) return null;
  const baseMsn = Math.max(msns[0] ?? last, last - (MAX_BITFIELD_COUNT - 1));
  const count = last - baseMsn + 1;
  const bits = new Uint8Array(Math.ceil(count / 8));
  for (const msn of msns) {
    if (msn < baseMsn) continue;
    const i = msn - baseMsn;
    bits[i >> 3] = (bits[i >> 3] ?? 0) | (0x80 >> (i & 7));
  }
  return { baseMsn, count, bits };
}
