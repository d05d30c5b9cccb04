import { MAX_PIECE_SIZE } from './protocol/index.js';

/** One DATA piece to send. */
export interface UploadPiece {
  readonly requestId: number;
  readonly offset: number;
  readonly total: number;
  readonly payload: Uint8Array;
}

interface Job {
  readonly requestId: number;
  readonly bytes: Uint8Array;
  readonly priority: number;
  offset: number;
}

/**
 * The requests one neighbour made of us, cut into ≤16 KiB pieces and interleaved round-robin so a
 * small urgent part is not stuck behind a whole segment; lower priority values (0 = urgent) go
 * first. A token bucket caps what this neighbour may take (`capBytesPerSec`, one second of burst).
 * Pure: the caller passes the time and sends what comes out.
 */
export class UploadQueue {
  readonly #capBytesPerSec: number;
  #jobs: Job[] = [];
  #cursor = 0;
  #tokens: number;
  #tokensAtMs: number | null = null;

  constructor(capBytesPerSec: number) {
    if (!(capBytesPerSec > 0)) throw new RangeError('capBytesPerSec must be > 0');
    this.#capBytesPerSec = capBytesPerSec;
    this.#tokens = capBytesPerSec;
  }

  get size(): number {
    return this.#jobs.length;
  }

  has(requestId: number): boolean {
    return this.#jobs.some((j) => j.requestId === requestId);
  }

  /** Queues a request; false when the id is already queued (the protocol requires unique ids). */
  enqueue(requestId: number, bytes: Uint8Array, priority: number): boolean {
    if (this.has(requestId) || bytes.length === 0) return false;
    this.#jobs.push({ requestId, bytes, priority, offset: 0 });
    return true;
  }

  /** CANCEL: drops the request; true when it was queued. */
  cancel(requestId: number): boolean {
    const before = this.#jobs.length;
    this.#jobs = this.#jobs.filter((j) => j.requestId !== requestId);
    return this.#jobs.length !== before;
  }

  /** Drops everything (CHOKE, close); returns the dropped request ids. */
  clear(): number[] {
    const ids = this.#jobs.map((j) => j.requestId);
    this.#jobs = [];
    this.#cursor = 0;
    return ids;
  }

  /**
   * The next piece, or how long to wait for the cap (`waitMs`), or null when nothing is queued.
   */
  next(nowMs: number): UploadPiece | { readonly waitMs: number } | null {
    if (this.#jobs.length === 0) return null;
    this.#refill(nowMs);
    const best = Math.min(...this.#jobs.map((j) => j.priority));
    let index = -1;
    for (let i = 0; i < this.#jobs.length; i++) {
      const at = (this.#cursor + i) % this.#jobs.length;
      if (this.#jobs[at]?.priority === best) {
        index = at;
        break;
      }
    }
    const job = this.#jobs[index];
    if (job === undefined) return null;
    const size = Math.min(MAX_PIECE_SIZE, job.bytes.length - job.offset);
    if (this.#tokens < size) {
      return { waitMs: Math.ceil(((size - this.#tokens) / this.#capBytesPerSec) * 1000) };
    }
    this.#tokens -= size;
    const piece: UploadPiece = {
      requestId: job.requestId,
      offset: job.offset,
      total: job.bytes.length,
      payload: job.bytes.subarray(job.offset, job.offset + size),
    };
    job.offset += size;
    if (job.offset >= job.bytes.length) {
      this.#jobs.splice(index, 1);
      this.#cursor = this.#jobs.length === 0 ? 0 : index % this.#jobs.length;
    } else {
      this.#cursor = (index + 1) % this.#jobs.length;
    }
    return piece;
  }

  #refill(nowMs: number): void {
    if (this.#tokensAtMs !== null) {
      const dt = Math.max(0, nowMs - this.#tokensAtMs);
      this.#tokens = Math.min(this.#capBytesPerSec, this.#tokens + (dt / 1000) * this.#capBytesPerSec);
    }
    this.#tokensAtMs = nowMs;
  }
}
