import { StallCounter } from '../player/stall-counter.js';

/**
 * A video element without the video: a playhead on the program-date-time timeline (seconds since
 * the epoch) that runs over one contiguous buffered range at the playback rate, stalls when it
 * reaches the end of what was appended and resumes when more arrives. It follows hls.js's live
 * behaviour closely enough for a swarm bench: playback starts at `edge − target`, runs at up to
 * `maxCatchUpRate` while further behind than the target, and a viewer further behind than
 * `maxLatencySeconds` is told to jump (`behind`).
 *
 * Clocks are passed in (monotonic ms for running, wall ms for latency) so tests are deterministic.
 */
export interface PlayoutOptions {
  /** @default 1.5 */
  readonly targetLatencySeconds: number;
  /** @default 5 */
  readonly maxLatencySeconds: number;
  /** @default 1.1 */
  readonly maxCatchUpRate: number;
}

export type PlayoutState = 'starting' | 'playing' | 'buffering';

/** Gaps up to this are played over (sample durations are rounded in playlists). */
const GAP_SECONDS = 0.1;

export class Playout {
  readonly options: PlayoutOptions;
  readonly #stalls = new StallCounter();
  #state: PlayoutState = 'starting';
  #bufferStart = NaN;
  #bufferEnd = NaN;
  #position = NaN;
  #startAt = NaN;
  #lastMs = NaN;
  #rate = 1;

  constructor(options: Partial<PlayoutOptions> = {}) {
    this.options = { targetLatencySeconds: 1.5, maxLatencySeconds: 5, maxCatchUpRate: 1.1, ...options };
  }

  get state(): PlayoutState {
    return this.#state;
  }

  /** The playhead (program date time, s); NaN before playback starts. */
  get currentTime(): number {
    return this.#position;
  }

  get playbackRate(): number {
    return this.#rate;
  }

  /** For `partDeadlineMs`: paused until playback runs. */
  get paused(): boolean {
    return this.#state === 'starting';
  }

  /** For `partDeadlineMs`: HAVE_FUTURE_DATA (3) while playing, HAVE_CURRENT_DATA (2) otherwise. */
  get readyState(): number {
    return this.#state === 'playing' ? 3 : 2;
  }

  /** End of the buffered range; NaN before the first append. */
  get bufferEnd(): number {
    return this.#bufferEnd;
  }

  get stalls(): number {
    return this.#stalls.stalls;
  }

  stallSeconds(nowMs: number): number {
    return this.#stalls.stallSeconds(nowMs);
  }

  /** Wall-clock latency of the playhead, s; null before playback starts. */
  latencySeconds(wallMs: number): number | null {
    return this.#state === 'starting' ? null : wallMs / 1000 - this.#position;
  }

  /**
   * Where playback will start (`edge − target`): it starts once media covering it is buffered.
   * Calling it again (a jump to the live edge) drops the buffer and starts over, not as a stall.
   */
  startAt(position: number, nowMs: number): void {
    if (this.#state !== 'starting') this.#stalls.endSession(nowMs);
    this.#state = 'starting';
    this.#startAt = position;
    this.#position = NaN;
    this.#bufferStart = NaN;
    this.#bufferEnd = NaN;
    this.#rate = 1;
  }

  /**
   * Media `[start, start + duration)` arrived. It extends the buffer when it continues it (gaps
   * ≤ 0.1 s are played over); a piece after a larger gap restarts the range there, as a player
   * skips a hole. Returns true when this append started playback.
   */
  append(start: number, duration: number, nowMs: number): boolean {
    this.advance(nowMs);
    const end = start + duration;
    if (Number.isNaN(this.#bufferEnd) || start > this.#bufferEnd + GAP_SECONDS) {
      this.#bufferStart = start;
      // Stalled at the hole: skip it (hls.js's gap controller does). Playing: run over it.
      if (this.#state === 'buffering') this.#position = start;
    } else if (end <= this.#bufferEnd) {
      return false;
    }
    this.#bufferEnd = end;
    if (this.#state === 'starting') {
      if (!(this.#bufferEnd > this.#startAt)) return false;
      this.#position = Math.max(this.#startAt, this.#bufferStart);
      this.#state = 'playing';
      this.#lastMs = nowMs;
      this.#stalls.playing(nowMs);
      return true;
    }
    if (this.#state === 'buffering' && this.#bufferEnd > this.#position) {
      this.#state = 'playing';
      this.#lastMs = nowMs;
      this.#stalls.playing(nowMs);
    }
    return false;
  }

  /** Runs the playhead up to `nowMs`; `wallMs` sets the catch-up rate from the latency. */
  advance(nowMs: number, wallMs?: number): void {
    if (this.#state !== 'playing') return;
    const elapsed = Math.max(0, nowMs - this.#lastMs) / 1000;
    this.#lastMs = nowMs;
    const next = this.#position + elapsed * this.#rate;
    if (next >= this.#bufferEnd) {
      this.#position = this.#bufferEnd;
      this.#state = 'buffering';
      this.#stalls.waiting(nowMs, false);
      return;
    }
    this.#position = next;
    if (wallMs !== undefined) {
      const latency = wallMs / 1000 - this.#position;
      this.#rate = latency > this.options.targetLatencySeconds + 0.25 ? this.options.maxCatchUpRate : 1;
    }
  }

  /** True when playback is further behind the wall clock than `maxLatencySeconds`: jump to the edge. */
  behind(wallMs: number): boolean {
    const latency = this.latencySeconds(wallMs);
    return latency !== null && latency > this.options.maxLatencySeconds;
  }

  /** Closes an open stall (the viewer is stopping). */
  end(nowMs: number): void {
    this.advance(nowMs);
    this.#stalls.endSession(nowMs);
  }
}
