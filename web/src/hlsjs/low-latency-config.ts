import type { HlsConfig } from 'hls.js';

/**
 * How the viewer plays an LL-HLS stream from the origin. The defaults aim at 1.5–2.5 s of
 * glass-to-glass latency with the server's ladder (2 s segments, 0.5 s parts,
 * PART-HOLD-BACK = 3 parts = 1.5 s): capture → encoder (~0.1 s with `-tune zerolatency`) → the
 * part completes (≤ 0.5 s) → upload and blocking playlist reload (~0.1 s) → 1.5 s behind the live
 * edge → screen.
 */
export interface LowLatencyOptions {
  /**
   * Seconds behind the live edge (end of the newest part) that playback aims for
   * (hls.js `liveSyncDuration`). RFC 8216bis §4.4.3.8 asks clients not to play closer to the edge
   * than PART-HOLD-BACK, so when the playlist's PART-HOLD-BACK is larger it wins
   * ({@link effectiveLatencyTarget}).
   * @default 1.5
   */
  readonly targetLatencySeconds?: number;
  /**
   * Seconds behind the live edge past which hls.js seeks forward to the target instead of
   * catching up by playing faster (hls.js `liveMaxLatencyDuration`). Must exceed the target.
   * @default 5
   */
  readonly maxLatencySeconds?: number;
  /**
   * Highest playback rate used to drift back to the target after a stall (hls.js
   * `maxLiveSyncPlaybackRate`). 1.1 is barely noticeable (browsers keep the pitch) and takes back
   * 1 s in 10 s; 1 turns catching up off.
   * @default 1.1
   */
  readonly maxCatchUpRate?: number;
  /**
   * Seconds added to the target after each stall, up to one target duration
   * (hls.js `liveSyncOnStallIncrease`): a viewer on a poor link backs off a little instead of
   * stalling again at the same distance; hls.js's 1 s is a large step when the whole budget is 3 s.
   * @default 0.5
   */
  readonly stallBackOffSeconds?: number;
  /**
   * Seconds of already played media kept in the buffer (hls.js `backBufferLength`); live needs
   * little, and a bounded back buffer keeps memory flat over hours of watching.
   * @default 10
   */
  readonly backBufferSeconds?: number;
}

/** The defaults of {@link LowLatencyOptions}, in one place. */
export const DEFAULT_LOW_LATENCY_OPTIONS: Readonly<Required<LowLatencyOptions>> = Object.freeze({
  targetLatencySeconds: 1.5,
  maxLatencySeconds: 5,
  maxCatchUpRate: 1.1,
  stallBackOffSeconds: 0.5,
  backBufferSeconds: 10,
});

/** Fills in defaults and checks the options; a bad value is a caller bug and throws a RangeError. */
export function resolveLowLatencyOptions(options: LowLatencyOptions = {}): Required<LowLatencyOptions> {
  const resolved: Required<LowLatencyOptions> = { ...DEFAULT_LOW_LATENCY_OPTIONS, ...stripUndefined(options) };
  const { targetLatencySeconds, maxLatencySeconds, maxCatchUpRate, stallBackOffSeconds, backBufferSeconds } =
    resolved;
  if (!(targetLatencySeconds > 0) || !Number.isFinite(targetLatencySeconds)) {
    throw new RangeError(`targetLatencySeconds must be > 0, got ${targetLatencySeconds}`);
  }
  if (!(maxLatencySeconds > targetLatencySeconds) || !Number.isFinite(maxLatencySeconds)) {
    throw new RangeError(
      `maxLatencySeconds must be greater than targetLatencySeconds (${targetLatencySeconds}), got ${maxLatencySeconds}`,
    );
  }
  // hls.js clamps the rate to [1, 2].
  if (!(maxCatchUpRate >= 1 && maxCatchUpRate <= 2)) {
    throw new RangeError(`maxCatchUpRate must be between 1 and 2, got ${maxCatchUpRate}`);
  }
  if (!(stallBackOffSeconds >= 0) || !Number.isFinite(stallBackOffSeconds)) {
    throw new RangeError(`stallBackOffSeconds must be >= 0, got ${stallBackOffSeconds}`);
  }
  if (!(backBufferSeconds >= 0)) {
    throw new RangeError(`backBufferSeconds must be >= 0, got ${backBufferSeconds}`);
  }
  return resolved;
}

/** The hls.js configuration for {@link LowLatencyOptions}. */
export function lowLatencyHlsConfig(options: LowLatencyOptions = {}): Partial<HlsConfig> {
  const o = resolveLowLatencyOptions(options);
  return {
    lowLatencyMode: true,
    liveSyncDuration: o.targetLatencySeconds,
    liveMaxLatencyDuration: o.maxLatencySeconds,
    maxLiveSyncPlaybackRate: o.maxCatchUpRate,
    liveSyncOnStallIncrease: o.stallBackOffSeconds,
    backBufferLength: o.backBufferSeconds,
    // Near the live edge there is never more than a few seconds to buffer; a small goal keeps ABR
    // decisions based on what is actually reachable.
    maxBufferLength: 10,
    // Detect a stuck decoder with data in the buffer after 1 s instead of 2 s and nudge past it.
    highBufferWatchdogPeriod: 1,
    enableWorker: true,
  };
}

/** The latency target and seek-forward threshold hls.js should use for one media playlist. */
export interface LatencyTarget {
  readonly targetSeconds: number;
  readonly maxSeconds: number;
}

/**
 * The latency target and seek-forward threshold for one media playlist.
 *
 * The target is never closer to the edge than the playlist's PART-HOLD-BACK (0 when absent).
 *
 * The threshold closes a gap in hls.js: it speeds playback up only while the distance from the
 * target is under `min(maxLatency, target + TARGETDURATION)`, and seeks only past `maxLatency`;
 * between the two a viewer would sit behind forever. So the threshold is at most
 * `2 × target + TARGETDURATION`, and at least `target + TARGETDURATION + 0.5`, because hls.js
 * moves the target out by up to one TARGETDURATION after stalls and must not end up seeking in a
 * loop.
 */
export function effectiveLatencyTarget(
  options: Required<LowLatencyOptions>,
  partHoldBack: number,
  targetDuration: number,
): LatencyTarget {
  const floor = Number.isFinite(partHoldBack) && partHoldBack > 0 ? partHoldBack : 0;
  const td = Number.isFinite(targetDuration) && targetDuration > 0 ? targetDuration : 0;
  const targetSeconds = Math.max(options.targetLatencySeconds, floor);
  const shifted = options.maxLatencySeconds + (targetSeconds - options.targetLatencySeconds);
  const maxSeconds = Math.max(Math.min(shifted, 2 * targetSeconds + td), targetSeconds + td + 0.5);
  return { targetSeconds, maxSeconds };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] !== undefined) {
      out[key] = value[key];
    }
  }
  return out;
}
