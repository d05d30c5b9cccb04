/** Options of a {@link LatencyWindow}. */
export interface LatencyWindowOptions {
  /**
   * How far back samples are kept for the average, minimum and maximum.
   * @default 10000
   */
  readonly spanMs?: number;
}

interface Sample {
  readonly atMs: number;
  readonly seconds: number;
}

/**
 * Live latency as the viewer sees it: wall clock now minus the capture wall clock of the frame on
 * screen (`Date.now() - hls.playingDate`, where `playingDate` comes from EXT-X-PROGRAM-DATE-TIME,
 * stamped by the broadcaster at capture). This is glass-to-glass latency when the broadcaster's and
 * the viewer's clocks agree; a skew between them shows up one for one.
 *
 * Returns null when there is no date yet (nothing played, or a playlist without PROGRAM-DATE-TIME).
 */
export function liveLatencySeconds(nowEpochMs: number, playingDate: Date | null): number | null {
  if (playingDate === null) {
    return null;
  }
  const capturedMs = playingDate.getTime();
  if (!Number.isFinite(capturedMs)) {
    return null;
  }
  return (nowEpochMs - capturedMs) / 1000;
}

/**
 * The latency samples of the last few seconds, for a steadier number than one reading: the
 * overlay shows the latest sample and the window's average, minimum and maximum.
 */
export class LatencyWindow {
  readonly #spanMs: number;
  #samples: Sample[] = [];

  constructor(options: LatencyWindowOptions = {}) {
    const spanMs = options.spanMs ?? 10_000;
    if (!(spanMs > 0) || !Number.isFinite(spanMs)) {
      throw new RangeError(`spanMs must be a positive number of milliseconds, got ${spanMs}`);
    }
    this.#spanMs = spanMs;
  }

  /** Adds a sample taken at `atMs` (monotonic clock) and drops those older than the span. */
  add(atMs: number, seconds: number): void {
    if (!Number.isFinite(seconds)) {
      return;
    }
    this.#samples.push({ atMs, seconds });
    const oldest = atMs - this.#spanMs;
    let drop = 0;
    while (drop < this.#samples.length && (this.#samples[drop]?.atMs ?? 0) < oldest) {
      drop++;
    }
    if (drop > 0) {
      this.#samples = this.#samples.slice(drop);
    }
  }

  /** Forgets every sample (a new session starts). */
  clear(): void {
    this.#samples = [];
  }

  get count(): number {
    return this.#samples.length;
  }

  get latest(): number | null {
    return this.#samples.at(-1)?.seconds ?? null;
  }

  get average(): number | null {
    if (this.#samples.length === 0) {
      return null;
    }
    let sum = 0;
    for (const s of this.#samples) {
      sum += s.seconds;
    }
    return sum / this.#samples.length;
  }

  get min(): number | null {
    return this.#fold(Math.min);
  }

  get max(): number | null {
    return this.#fold(Math.max);
  }

  #fold(pick: (a: number, b: number) => number): number | null {
    const first = this.#samples[0];
    if (first === undefined) {
      return null;
    }
    let value = first.seconds;
    for (const s of this.#samples) {
      value = pick(value, s.seconds);
    }
    return value;
  }
}
