import { WHOLE_SEGMENT } from './protocol/index.js';
import { partKeyId, type PartKey } from './part-key.js';

interface Entry {
  readonly key: PartKey;
  readonly bytes: Uint8Array;
}

/**
 * Verified parts and segments in memory, bounded in bytes. Only the engine puts into it, and only
 * bytes whose SHA-256 matched the hub's hash, so everything here may be played, announced and
 * relayed. A whole segment (part 255) is either stored as such or assembled from its parts.
 * Eviction is oldest first (insertion order, which for a live stream is media order).
 */
export class PartStore {
  readonly #budgetBytes: number;
  readonly #entries = new Map<string, Entry>();
  /** Segments known complete from their parts (`rendition/msn` → number of parts). */
  readonly #segmentsFromParts = new Map<string, number>();
  #sizeBytes = 0;

  constructor(budgetBytes: number) {
    if (!(budgetBytes > 0)) throw new RangeError('budgetBytes must be > 0');
    this.#budgetBytes = budgetBytes;
  }

  get sizeBytes(): number {
    return this.#sizeBytes;
  }

  get count(): number {
    return this.#entries.size;
  }

  /**
   * Stores verified bytes. Returns the keys evicted to make room (a part larger than the whole
   * budget is not stored and is returned itself).
   */
  put(key: PartKey, bytes: Uint8Array): PartKey[] {
    const id = partKeyId(key);
    if (this.#entries.has(id)) return [];
    if (bytes.length > this.#budgetBytes) return [key];
    const evicted: PartKey[] = [];
    while (this.#sizeBytes + bytes.length > this.#budgetBytes) {
      const oldest = this.#entries.values().next().value as Entry | undefined;
      if (oldest === undefined) break;
      this.#remove(oldest.key);
      evicted.push(oldest.key);
    }
    this.#entries.set(id, { key, bytes });
    this.#sizeBytes += bytes.length;
    return evicted;
  }

  has(key: PartKey): boolean {
    if (this.#entries.has(partKeyId(key))) return true;
    return key.part === WHOLE_SEGMENT && this.#segmentsFromParts.has(segmentId(key.rendition, key.msn));
  }

  /** The bytes of a part, or of a whole segment stored whole or marked complete from its parts. */
  get(key: PartKey): Uint8Array | undefined {
    const entry = this.#entries.get(partKeyId(key));
    if (entry !== undefined) return entry.bytes;
    if (key.part !== WHOLE_SEGMENT) return undefined;
    const parts = this.#segmentsFromParts.get(segmentId(key.rendition, key.msn));
    return parts === undefined ? undefined : this.#concatParts(key.rendition, key.msn, parts);
  }

  /**
   * The concatenation of parts 0, 1, … of a segment while they are held, if it comes to exactly
   * `sizeBytes` (the segment's size from its hash). The caller verifies the hash and then calls
   * {@link markSegmentComplete}.
   */
  assembleSegment(rendition: string, msn: number, sizeBytes: number): { bytes: Uint8Array; parts: number } | undefined {
    let total = 0;
    let parts = 0;
    while (total < sizeBytes) {
      const entry = this.#entries.get(partKeyId({ rendition, msn, part: parts }));
      if (entry === undefined) return undefined;
      total += entry.bytes.length;
      parts++;
    }
    return total === sizeBytes ? { bytes: this.#concatParts(rendition, msn, parts), parts } : undefined;
  }

  /** Records that parts 0…parts-1 make up the whole segment (their concatenation was verified). */
  markSegmentComplete(rendition: string, msn: number, parts: number): void {
    for (let p = 0; p < parts; p++) {
      if (!this.#entries.has(partKeyId({ rendition, msn, part: p }))) throw new Error('segment parts are not all held');
    }
    this.#segmentsFromParts.set(segmentId(rendition, msn), parts);
  }

  /** Media sequence numbers of the whole segments held for a rendition, ascending (for BITFIELD). */
  wholeSegments(rendition: string): number[] {
    const out = new Set<number>();
    for (const entry of this.#entries.values()) {
      if (entry.key.rendition === rendition && entry.key.part === WHOLE_SEGMENT) out.add(entry.key.msn);
    }
    const prefix = `${rendition}/`;
    for (const id of this.#segmentsFromParts.keys()) {
      if (id.startsWith(prefix)) out.add(Number(id.slice(prefix.length)));
    }
    return [...out].sort((a, b) => a - b);
  }

  /** Renditions with anything stored. */
  renditions(): string[] {
    const out = new Set<string>();
    for (const entry of this.#entries.values()) out.add(entry.key.rendition);
    return [...out];
  }

  clear(): void {
    this.#entries.clear();
    this.#segmentsFromParts.clear();
    this.#sizeBytes = 0;
  }

  #remove(key: PartKey): void {
    const id = partKeyId(key);
    const entry = this.#entries.get(id);
    if (entry === undefined) return;
    this.#entries.delete(id);
    this.#sizeBytes -= entry.bytes.length;
    if (key.part !== WHOLE_SEGMENT) this.#segmentsFromParts.delete(segmentId(key.rendition, key.msn));
  }

  #concatParts(rendition: string, msn: number, parts: number): Uint8Array {
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (let p = 0; p < parts; p++) {
      const bytes = this.#entries.get(partKeyId({ rendition, msn, part: p }))?.bytes;
      if (bytes === undefined) throw new Error('segment parts are not all held');
      chunks.push(bytes);
      total += bytes.length;
    }
    const out = new Uint8Array(total);
    let offset = 0;
    for (const c of chunks) {
      out.set(c, offset);
      offset += c.length;
    }
    return out;
  }
}

function segmentId(rendition: string, msn: number): string {
  return `${rendition}/${msn}`;
}
