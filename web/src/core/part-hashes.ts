import { partKeyId, type PartKey } from './part-key.js';

/** The hub's authoritative hash of one part or segment (docs/signalling.md `PartHash`). */
export interface PartHash {
  readonly rendition: string;
  readonly msn: number;
  readonly part: number;
  readonly size: number;
  /** Lower-case hex. */
  readonly sha256: string;
  /**
   * The peers the hub assigned to fetch this part from the origin for the whole swarm
   * (docs/signalling.md, "Origin fetchers"); absent for whole segments, when no peer qualified, from
   * an older hub, and when the hub sent something malformed.
   */
  readonly fetchers?: readonly string[];
}

/** Most fetchers accepted for one part; the hub assigns at most 8. */
export const MAX_FETCHERS = 16;

/** The hub's peer ids: 96 random bits in lower-case hex. */
const PEER_ID = /^[0-9a-f]{24}$/;

/** Segments remembered per rendition behind the newest. The origin's window is far shorter. */
const WINDOW_SEGMENTS = 256;

/** (rendition, msn, part) → { sha256, size }, as pushed by the hub, over a sliding window. */
export class PartHashes {
  readonly #byKey = new Map<string, PartHash>();
  readonly #newestMsn = new Map<string, number>();

  get size(): number {
    return this.#byKey.size;
  }

  /**
   * Adds hashes; returns the ones that were new. Malformed entries are skipped; a malformed
   * `fetchers` list is dropped and the hash kept (the viewer then elects among its neighbours).
   */
  add(hashes: readonly PartHash[]): PartHash[] {
    const added: PartHash[] = [];
    for (const h of hashes) {
      if (!isPartHash(h)) continue;
      const id = partKeyId(h);
      if (this.#byKey.has(id)) continue;
      const fetchers = parseFetchers((h as { fetchers?: unknown }).fetchers);
      const entry: PartHash = {
        rendition: h.rendition,
        msn: h.msn,
        part: h.part,
        size: h.size,
        sha256: h.sha256.toLowerCase(),
        ...(fetchers === undefined ? {} : { fetchers }),
      };
      this.#byKey.set(id, entry);
      added.push(entry);
      this.#noteMsn(h.rendition, h.msn);
    }
    return added;
  }

  get(key: PartKey): PartHash | undefined {
    return this.#byKey.get(partKeyId(key));
  }

  newestMsn(rendition: string): number | undefined {
    return this.#newestMsn.get(rendition);
  }

  clear(): void {
    this.#byKey.clear();
    this.#newestMsn.clear();
  }

  #noteMsn(rendition: string, msn: number): void {
    const newest = this.#newestMsn.get(rendition);
    if (newest !== undefined && msn <= newest) return;
    this.#newestMsn.set(rendition, msn);
    if (msn % 16 !== 0) return;
    for (const [id, h] of this.#byKey) {
      if (h.rendition === rendition && h.msn < msn - WINDOW_SEGMENTS) this.#byKey.delete(id);
    }
  }
}

function isPartHash(h: unknown): h is PartHash {
  if (typeof h !== 'object' || h === null) return false;
  const o = h as Record<string, unknown>;
  return (
    typeof o['rendition'] === 'string' &&
    Number.isInteger(o['msn']) && (o['msn'] as number) >= 0 &&
    Number.isInteger(o['part']) && (o['part'] as number) >= 0 && (o['part'] as number) <= 255 &&
    Number.isInteger(o['size']) && (o['size'] as number) > 0 &&
    typeof o['sha256'] === 'string' && /^[0-9a-fA-F]{64}$/.test(o['sha256'])
  );
}

/** The hub's fetcher list when it is an array of at most {@link MAX_FETCHERS} peer ids; undefined otherwise. */
export function parseFetchers(value: unknown): readonly string[] | undefined {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_FETCHERS) return undefined;
  for (const id of value) {
    if (typeof id !== 'string' || !PEER_ID.test(id)) return undefined;
  }
  return Object.freeze([...(value as string[])]);
}
