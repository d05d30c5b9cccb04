/**
 * Counts playback stalls and the time spent in them.
 *
 * A stall is a `waiting` event from the video element after playback has started (a `playing`
 * event was seen in this session) and while not seeking: the start-up wait and the waits hls.js
 * causes when it jumps to the live edge are not stalls. A stall lasts until the next `playing`
 * event, or until the session ends (the stream went offline or the page closed).
 *
 * Times are milliseconds from one monotonic clock (`performance.now()` in the page) passed in by
 * the caller, so the bookkeeping is deterministic under test.
 */
export class StallCounter {
  #stalls = 0;
  #closedStallMs = 0;
  #stalledSinceMs: number | null = null;
  #started = false;

  /** Stalls counted so far, over every session. */
  get stalls(): number {
    return this.#stalls;
  }

  /** True while a stall is open. */
  get stalled(): boolean {
    return this.#stalledSinceMs !== null;
  }

  /** True once playback has started in the current session. */
  get started(): boolean {
    return this.#started;
  }

  /** Seconds spent stalled over every session, the open stall included up to `nowMs`. */
  stallSeconds(nowMs: number): number {
    const open = this.#stalledSinceMs === null ? 0 : Math.max(0, nowMs - this.#stalledSinceMs);
    return (this.#closedStallMs + open) / 1000;
  }

  /** The video element fired `playing`. */
  playing(nowMs: number): void {
    this.#closeStall(nowMs);
    this.#started = true;
  }

  /** The video element fired `waiting`; `seeking` is the element's `seeking` flag at that moment. */
  waiting(nowMs: number, seeking: boolean): void {
    if (!this.#started || seeking || this.#stalledSinceMs !== null) {
      return;
    }
    this.#stalls++;
    this.#stalledSinceMs = nowMs;
  }

  /**
   * The session ended (stream offline, player torn down): an open stall is closed at `nowMs`, and
   * the next session's start-up wait is not a stall. Totals are kept.
   */
  endSession(nowMs: number): void {
    this.#closeStall(nowMs);
    this.#started = false;
  }

  #closeStall(nowMs: number): void {
    if (this.#stalledSinceMs !== null) {
      this.#closedStallMs += Math.max(0, nowMs - this.#stalledSinceMs);
      this.#stalledSinceMs = null;
    }
  }
}
