import { WHOLE_SEGMENT, bitfieldHas, type BitfieldMessage } from './protocol/index.js';
import { partKeyId, type PartKey } from './part-key.js';

/** Segments remembered per rendition behind the newest one announced. */
const WINDOW_SEGMENTS = 64;

/**
 * What one neighbour announced it holds (BITFIELD, HAVE), by rendition name, over a sliding window
 * of segments. A seed holds everything the origin has.
 */
export class PeerHoldings {
  readonly #isSeed: boolean;
  readonly #held = new Set<string>();
  readonly #newestMsn = new Map<string, number>();
  readonly #newestMsnSeen = new Map<string, number>();

  constructor(isSeed: boolean) {
    this.#isSeed = isSeed;
  }

  get isSeed(): boolean {
    return this.#isSeed;
  }

  applyHave(rendition: string, msn: number, part: number): void {
    this.#held.add(partKeyId({ rendition, msn, part }));
    this.#noteMsn(rendition, msn);
  }

  applyBitfield(rendition: string, message: BitfieldMessage): void {
    for (let i = 0; i < message.count; i++) {
      if (bitfieldHas(message, i)) {
        this.#held.add(partKeyId({ rendition, msn: message.baseMsn + i, part: WHOLE_SEGMENT }));
        this.#noteMsn(rendition, message.baseMsn + i);
      }
    }
  }

  /** Evicted content is not announced; forgetting it is what ABSENT reason 1 triggers. */
  forget(key: PartKey): void {
    this.#held.delete(partKeyId(key));
  }

  holds(key: PartKey): boolean {
    return this.#isSeed || this.#held.has(partKeyId(key));
  }

  /** Nothing announced yet, in any rendition (a neighbour that just arrived). */
  get isEmpty(): boolean {
    return this.#newestMsn.size === 0;
  }

  /** The newest msn this neighbour announced anything of, for this rendition. */
  newestMsn(rendition: string): number | undefined {
    return this.#newestMsn.get(rendition);
  }

  /** Parts and segments announced for a rendition with msn ≥ `fromMsn`. */
  announced(rendition: string, fromMsn: number): PartKey[] {
    const out: PartKey[] = [];
    const prefix = `${rendition}/`;
    for (const id of this.#held) {
      if (!id.startsWith(prefix)) continue;
      const [msnText, partText] = id.slice(prefix.length).split('/');
      const msn = Number(msnText);
      if (msn >= fromMsn) out.push({ rendition, msn, part: Number(partText) });
    }
    return out;
  }

  #noteMsn(rendition: string, msn: number): void {
    const newest = this.#newestMsn.get(rendition);
    if (newest !== undefined && msn <= newest) return;
    this.#newestMsn.set(rendition, msn);
    const pruneBelow = msn - WINDOW_SEGMENTS;
    const lastPruned = this.#newestMsnSeen.get(rendition) ?? Number.NEGATIVE_INFINITY;
    if (pruneBelow <= lastPruned) return;
    this.#newestMsnSeen.set(rendition, pruneBelow);
    const prefix = `${rendition}/`;
    for (const id of this.#held) {
      if (id.startsWith(prefix) && Number(id.slice(prefix.length).split('/')[0]) < pruneBelow) this.#held.delete(id);
    }
  }
}
