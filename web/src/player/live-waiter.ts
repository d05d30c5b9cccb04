import type { StreamStatus } from './stream-probe';

/** Options of a {@link LiveWaiter}. */
export interface LiveWaiterOptions {
  /** One probe of the stream; must not reject (see `StreamProbe.probe`). */
  readonly probe: () => Promise<StreamStatus>;
  /** Called with every probe result that is not `live`, for the offline message. */
  readonly onStatus: (status: Exclude<StreamStatus, 'live'>) => void;
  /** Called once, when a probe says `live`; the waiter then stops. */
  readonly onLive: () => void;
  /**
   * Pause between the end of one probe and the start of the next.
   * @default 3000
   */
  readonly intervalMs?: number;
}

/**
 * Polls a stream while it is offline until it goes live. Probes never overlap: the next one is
 * scheduled only when the previous one has answered, so a slow origin is not piled on.
 */
export class LiveWaiter {
  readonly #options: LiveWaiterOptions;
  readonly #intervalMs: number;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #running = false;
  #probes = 0;

  constructor(options: LiveWaiterOptions) {
    const intervalMs = options.intervalMs ?? 3_000;
    if (!(intervalMs >= 0) || !Number.isFinite(intervalMs)) {
      throw new RangeError(`intervalMs must be a finite number of milliseconds >= 0, got ${intervalMs}`);
    }
    this.#options = options;
    this.#intervalMs = intervalMs;
  }

  /** Probes made so far. */
  get probes(): number {
    return this.#probes;
  }

  get running(): boolean {
    return this.#running;
  }

  /**
   * Probes after `delayMs` (now by default), then every interval until live. Calling it while
   * running does nothing.
   */
  start(delayMs = 0): void {
    if (this.#running) {
      return;
    }
    this.#running = true;
    if (delayMs > 0) {
      this.#timer = setTimeout(() => void this.#tick(), delayMs);
    } else {
      void this.#tick();
    }
  }

  /** Stops polling; a probe in flight is ignored when it answers. */
  destroy(): void {
    this.#running = false;
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
  }

  async #tick(): Promise<void> {
    this.#timer = null;
    if (!this.#running) {
      return;
    }
    this.#probes++;
    const status = await this.#options.probe();
    if (!this.#running) {
      return;
    }
    if (status === 'live') {
      this.#running = false;
      this.#options.onLive();
      return;
    }
    this.#options.onStatus(status);
    if (this.#running) {
      this.#timer = setTimeout(() => void this.#tick(), this.#intervalMs);
    }
  }
}
