import { WHOLE_SEGMENT } from './protocol/index.js';
import type { PartHash, PartHashes } from './part-hashes.js';
import { partKeyId, type PartKey } from './part-key.js';
import type { LoadedPart, PartSource } from './part-request.js';
import { PartStore } from './part-store.js';
import type { Sha256Hex } from './sha256.js';

/** Origin bytes awaiting a hub hash before they may be stored and relayed. */
const MAX_PENDING_ORIGIN = 16;

interface PendingOrigin {
  readonly key: PartKey;
  readonly bytes: Uint8Array;
  readonly sha256: string;
  readonly transferMs: number;
}

/**
 * The parts this viewer holds and may relay: only bytes that matched the hub's SHA-256 enter the
 * store. Remembers where each came from (for `LoadedPart.source`), keeps origin bytes fetched
 * before their hash arrived until it does, and builds a whole segment from its parts once the
 * segment's own hash confirms the concatenation. `onVerified` runs for every newly held key
 * (the engine announces it and wakes waiting loads).
 */
export class VerifiedParts {
  readonly store: PartStore;
  readonly #hashes: PartHashes;
  readonly #sha256Hex: Sha256Hex;
  readonly #onVerified: (key: PartKey) => void;
  readonly #sources = new Map<string, { readonly source: PartSource; readonly transferMs: number }>();
  readonly #pendingOrigin = new Map<string, PendingOrigin>();

  constructor(budgetBytes: number, hashes: PartHashes, sha256Hex: Sha256Hex, onVerified: (key: PartKey) => void) {
    this.store = new PartStore(budgetBytes);
    this.#hashes = hashes;
    this.#sha256Hex = sha256Hex;
    this.#onVerified = onVerified;
  }

  has(key: PartKey): boolean {
    return this.store.has(key);
  }

  /** The held bytes (not a copy) with their source, or undefined. */
  held(key: PartKey): LoadedPart | undefined {
    const bytes = this.store.get(key);
    if (bytes === undefined) return undefined;
    const origin = this.#sources.get(partKeyId(key));
    return { bytes, source: origin?.source ?? 'peer', transferMs: origin?.transferMs ?? 0 };
  }

  /** Bytes already checked against the hub's hash: store, then complete the segment if it can. */
  accept(key: PartKey, bytes: Uint8Array, source: PartSource, transferMs: number): void {
    if (this.store.has(key)) return;
    const id = partKeyId(key);
    for (const evicted of this.store.put(key, bytes)) this.#sources.delete(partKeyId(evicted));
    if (!this.store.has(key)) return;
    this.#sources.set(id, { source, transferMs });
    this.#pendingOrigin.delete(id);
    this.#onVerified(key);
    if (key.part !== WHOLE_SEGMENT) void this.#tryCompleteSegment(key.rendition, key.msn);
  }

  /** Origin bytes whose hash the hub has not pushed yet: held back until {@link hashArrived}. */
  holdUntilHashed(key: PartKey, bytes: Uint8Array, sha256: string, transferMs: number): void {
    if (this.#pendingOrigin.size >= MAX_PENDING_ORIGIN) {
      const oldest = this.#pendingOrigin.keys().next().value;
      if (oldest !== undefined) this.#pendingOrigin.delete(oldest);
    }
    this.#pendingOrigin.set(partKeyId(key), { key, bytes, sha256, transferMs });
  }

  /** The hub pushed a hash: accept origin bytes that were waiting for it, or a segment now whole. */
  hashArrived(h: PartHash): void {
    const id = partKeyId(h);
    const pending = this.#pendingOrigin.get(id);
    if (pending !== undefined) {
      this.#pendingOrigin.delete(id);
      if (pending.sha256 === h.sha256 && pending.bytes.length === h.size) this.accept(pending.key, pending.bytes, 'origin', pending.transferMs);
    }
    if (h.part === WHOLE_SEGMENT) void this.#tryCompleteSegment(h.rendition, h.msn);
  }

  clear(): void {
    this.store.clear();
    this.#sources.clear();
    this.#pendingOrigin.clear();
  }

  async #tryCompleteSegment(rendition: string, msn: number): Promise<void> {
    const segmentKey = { rendition, msn, part: WHOLE_SEGMENT };
    const hash = this.#hashes.get(segmentKey);
    if (hash === undefined || this.store.has(segmentKey)) return;
    const assembled = this.store.assembleSegment(rendition, msn, hash.size);
    if (assembled === undefined) return;
    const sha = await this.#sha256Hex(assembled.bytes);
    if (sha !== hash.sha256 || this.store.has(segmentKey)) return;
    try {
      this.store.markSegmentComplete(rendition, msn, assembled.parts);
    } catch {
      return; // a part was evicted meanwhile
    }
    let transferMs = 0;
    for (let part = 0; part < assembled.parts; part++) transferMs += this.#sources.get(partKeyId({ rendition, msn, part }))?.transferMs ?? 0;
    const source = this.#sources.get(partKeyId({ rendition, msn, part: 0 }))?.source ?? 'peer';
    this.#sources.set(partKeyId(segmentKey), { source, transferMs });
    this.#onVerified(segmentKey);
  }
}
