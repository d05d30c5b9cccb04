import type { SwarmConfig } from './swarm-config.js';

/** What the rule reads and updates on each neighbour. */
export interface ReviewedNeighbour {
  readonly peerId: string;
  readonly connectedAtMs: number;
  /** Verified bytes received from it, cumulative. */
  readonly bytesReceived: number;
  /** {@link bytesReceived} at the previous review; the rule moves it forward. */
  bytesAtReview: number;
  readonly throughputBytesPerSec: number;
}

/**
 * "Replace the worst neighbour", the live-stream cousin of BitTorrent's optimistic unchoke on the
 * download side: every `replaceWorstIntervalMs` the neighbour that gave us the fewest verified
 * bytes over the period (the slower one on a tie) is picked for replacement, if it was there for
 * the whole period and gave less than `replaceWorstBelowShare` of what the others gave on average.
 * A neighbour that plays another rendition, sits behind a slow uplink or chokes us forever thus
 * makes room for a fresh suggestion, while a neighbourhood that is uniformly useful (every
 * neighbour elected for its share of the parts) is left alone. Pure: time comes in.
 */
export class WorstNeighbourRule {
  readonly #intervalMs: number;
  readonly #belowShare: number;
  #lastReviewMs: number | null = null;

  constructor(config: Pick<SwarmConfig, 'replaceWorstIntervalMs' | 'replaceWorstBelowShare'>) {
    this.#intervalMs = config.replaceWorstIntervalMs;
    this.#belowShare = config.replaceWorstBelowShare;
  }

  /** The neighbour to replace now, with why; null when none (or not yet time). */
  review<T extends ReviewedNeighbour>(neighbours: readonly T[], nowMs: number): { neighbour: T; reason: string } | null {
    if (this.#intervalMs === 0) return null;
    const previous = this.#lastReviewMs;
    if (previous !== null && nowMs - previous < this.#intervalMs) return null;
    this.#lastReviewMs = nowMs;
    const recent = new Map<T, number>();
    for (const n of neighbours) {
      recent.set(n, n.bytesReceived - n.bytesAtReview);
      n.bytesAtReview = n.bytesReceived;
    }
    if (previous === null) return null;
    // Only neighbours that were there for the whole period are compared.
    const judged = neighbours.filter((n) => n.connectedAtMs <= previous);
    if (judged.length < 2) return null;
    let worst: T | null = null;
    for (const n of judged) {
      if (worst === null) {
        worst = n;
        continue;
      }
      const a = recent.get(n) ?? 0;
      const b = recent.get(worst) ?? 0;
      if (a < b || (a === b && (n.throughputBytesPerSec < worst.throughputBytesPerSec || (n.throughputBytesPerSec === worst.throughputBytesPerSec && n.peerId < worst.peerId)))) worst = n;
    }
    if (worst === null) return null;
    let othersBytes = 0;
    for (const n of judged) if (n !== worst) othersBytes += recent.get(n) ?? 0;
    const mean = othersBytes / (judged.length - 1);
    const worstBytes = recent.get(worst) ?? 0;
    if (mean <= 0 || worstBytes >= this.#belowShare * mean) return null;
    return { neighbour: worst, reason: `gave ${worstBytes} B in ${Math.round((nowMs - previous) / 1000)} s, the others ${Math.round(mean)} B on average` };
  }
}
