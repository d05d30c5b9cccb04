import type { HubClientTimers } from './hub-client.js';
import type { LoadedPart } from './part-request.js';
import { partKeyId, type PartKey } from './part-key.js';
import type { OriginReason } from './scheduler.js';

/**
 * One part the engine is getting, shared by every player request and prefetch that wants it:
 * its deadline (the earliest asked for), the peers already tried, and the sleep between
 * scheduler decisions that a HAVE, an UNCHOKE or a hash cuts short ({@link wake}).
 */
export class PartLoad {
  readonly key: PartKey;
  readonly id: string;
  readonly sinceMs: number;
  readonly tried = new Set<string>();
  readonly controller = new AbortController();
  url: string | null;
  deadlineMs: number;
  /** Player requests waiting on it; the last one leaving aborts it. */
  waiters = 0;
  /** Started ahead of the player from a neighbour's HAVE: gives up rather than use the origin. */
  prefetch: boolean;
  /** Set while a peer request is in flight: re-arms its timeout when the deadline moves closer. */
  deadlineMoved: (() => void) | null = null;
  originReason: OriginReason | null = null;
  promise: Promise<LoadedPart> = Promise.resolve(null as unknown as LoadedPart);
  #wake: (() => void) | null = null;

  constructor(key: PartKey, deadlineMs: number, prefetch: boolean, url: string | null, nowMs: number) {
    this.key = key;
    this.id = partKeyId(key);
    this.deadlineMs = deadlineMs;
    this.prefetch = prefetch;
    this.url = url;
    this.sinceMs = nowMs;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Waits `ms`, or less when woken or aborted. */
  sleep(ms: number, timers: HubClientTimers): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        timers.clearTimeout(timer);
        this.controller.signal.removeEventListener('abort', done);
        this.#wake = null;
        resolve();
      };
      const timer = timers.setTimeout(done, Math.max(0, ms));
      this.#wake = done;
      this.controller.signal.addEventListener('abort', done);
    });
  }

  /** Ends a {@link sleep} now: something changed that may let the part come sooner. */
  wake(): void {
    this.#wake?.();
  }

  /** A player asks for it: it is no longer a mere prefetch, and its deadline may be sooner. */
  wantedBy(url: string, deadlineMs: number): void {
    this.prefetch = false;
    this.url ??= url;
    if (deadlineMs < this.deadlineMs) {
      this.deadlineMs = deadlineMs;
      this.deadlineMoved?.();
    }
    this.wake();
  }
}
