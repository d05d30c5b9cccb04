/** What one DATA piece did to an assembly. */
export type PieceResult = 'more' | 'complete' | 'malformed';

/**
 * Reassembles one requested part from DATA pieces. The protocol sends pieces in offset order on an
 * ordered channel, with the same `total` each time, so anything else (a gap, an overlap, a changed
 * total) is a malformed stream and the sender is dropped.
 */
export class PartAssembly {
  #bytes: Uint8Array | null = null;
  #received = 0;

  get received(): number {
    return this.#received;
  }

  get total(): number {
    return this.#bytes?.length ?? 0;
  }

  add(offset: number, total: number, payload: Uint8Array): PieceResult {
    if (this.#bytes === null) {
      if (total === 0) return 'malformed';
      this.#bytes = new Uint8Array(total);
    }
    if (total !== this.#bytes.length || offset !== this.#received || offset + payload.length > total) return 'malformed';
    this.#bytes.set(payload, offset);
    this.#received += payload.length;
    return this.#received === total ? 'complete' : 'more';
  }

  /** The whole part once {@link add} said `complete`. */
  get bytes(): Uint8Array {
    if (this.#bytes === null || this.#received !== this.#bytes.length) throw new Error('part not complete');
    return this.#bytes;
  }
}
