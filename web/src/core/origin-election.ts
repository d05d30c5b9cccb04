import type { PartKey } from './part-key.js';

/** A viewer taking part in the election for one part: itself or a neighbour. */
export interface ElectionCandidate {
  readonly peerId: string;
  /** Advertised upload capacity; the chance of being elected is proportional to it. */
  readonly uploadKbps: number;
}

/**
 * 32-bit FNV-1a of a string followed by the murmur3 finaliser: identical in every browser and in
 * node, spreads neighbouring msn/part values well, and costs nothing next to a network round trip.
 */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Weighted rendezvous score (highest random weight): `w / -ln(u)` with `u` uniform in (0, 1) from
 * the hash of peer and part. Candidate i is the maximum with probability w_i / Σw, and every viewer
 * computes the same score for the same (peer, part) without talking to anyone.
 */
export function electionScore(peerId: string, key: PartKey, uploadKbps: number): number {
  const u = (hash32(`${peerId}|${key.rendition}|${key.msn}|${key.part}`) + 0.5) / 4294967296;
  return Math.max(uploadKbps, 1) / -Math.log(u);
}

/**
 * Whether `self` is among the `fetchers` highest scores of itself plus its eligible neighbours for
 * this part: then it fetches the part from the origin at once and relays it; otherwise it waits for
 * a neighbour's HAVE. Ties (equal scores) go to the lexically smaller peer id.
 */
export function isElectedForOrigin(
  self: ElectionCandidate,
  neighbours: readonly ElectionCandidate[],
  key: PartKey,
  fetchers: number,
): boolean {
  const mine = electionScore(self.peerId, key, self.uploadKbps);
  let above = 0;
  for (const n of neighbours) {
    if (n.peerId === self.peerId) continue;
    const theirs = electionScore(n.peerId, key, n.uploadKbps);
    if (theirs > mine || (theirs === mine && n.peerId < self.peerId)) {
      above++;
      if (above >= fetchers) return false;
    }
  }
  return true;
}

/**
 * Whether `self` fetches this part from the origin for the others: when the hub assigned fetchers,
 * exactly if it is one of them; otherwise if it wins the neighbourhood election among `electors`
 * (its neighbours active on the rendition). With neither an assignment nor an elector, false: what
 * a viewer alone does is the caller's decision. The one rule for the scheduler and the prefetcher.
 */
export function fetchesFromOrigin(
  self: ElectionCandidate,
  electors: readonly ElectionCandidate[],
  key: PartKey,
  fetchersPerPart: number,
  assigned: readonly string[] | undefined,
): boolean {
  if (assigned !== undefined) return assigned.includes(self.peerId);
  return electors.length > 0 && isElectedForOrigin(self, electors, key, fetchersPerPart);
}
