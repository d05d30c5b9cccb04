/**
 * Every knob of the swarm engine, with its default. Times are milliseconds, sizes bytes, rates
 * kbit/s, as the names say. The timing defaults are sized for the server's ladder: 2 s segments,
 * 0.5 s parts, PART-HOLD-BACK 1.5 s, so the newest part is listed ~1 s before it must play
 * (see `scheduler.ts` for how that second is spent).
 */
export interface SwarmConfig {
  /**
   * A part due within this window comes from the origin, whatever peers hold: an origin fetch of a
   * 0.5 s part (~160 KB at 2.5 Mbit/s) takes 50–200 ms, so this leaves it room to finish.
   * @default 350
   */
  readonly urgentWindowMs: number;
  /**
   * How far ahead of the newest part the player asked for the engine prefetches parts that
   * neighbours announce (rarest first), counted in segments.
   * @default 2
   */
  readonly prefetchWindowSegments: number;
  /**
   * Most prefetches from peers in flight at once (on top of the player's own requests).
   * @default 3
   */
  readonly maxPrefetchInFlight: number;
  /**
   * A request to a peer that has not completed in this time is cancelled and the part is asked of
   * another peer or the origin. The engine also cuts it short so that the origin can still make
   * the deadline.
   * @default 1500
   */
  readonly requestTimeoutMs: number;
  /**
   * How long a viewer that was not elected to fetch a part from the origin waits for a neighbour
   * to announce it (HAVE) before fetching it from the origin itself. Never past the urgent window.
   * @default 600
   */
  readonly peerWaitBudgetMs: number;
  /**
   * How many viewers of each closed neighbourhood fetch each new part from the origin
   * (the per-part election in `origin-election.ts`).
   * @default 1
   */
  readonly originFetchersPerPart: number;
  /**
   * A neighbour takes part in the election for a rendition when it announced a part of that
   * rendition no more than this many segments older than the part being elected.
   * @default 2
   */
  readonly electionActivitySegments: number;
  /**
   * Most neighbours (data channels) at once; sent to the hub as `maxNeighbours` (1–16).
   * @default 8
   */
  readonly maxNeighbours: number;
  /**
   * Fewer connected neighbours than this makes the engine ask the hub for more.
   * @default 4
   */
  readonly minNeighbours: number;
  /**
   * Upload capacity this viewer advertises (HELLO and Join), kbit/s; the election weighs by it.
   * @default 10000
   */
  readonly uploadKbps: number;
  /**
   * Neighbours unchoked for reciprocity: those that sent us the most bytes recently.
   * @default 4
   */
  readonly uploadSlots: number;
  /**
   * Extra neighbours unchoked at random, rotated every {@link optimisticRotationMs}, so that new
   * neighbours get a chance to prove themselves.
   * @default 1
   */
  readonly optimisticSlots: number;
  /**
   * How often the reciprocity slots are recomputed.
   * @default 5000
   */
  readonly rechokeIntervalMs: number;
  /**
   * How often the optimistic slot moves to another choked neighbour.
   * @default 10000
   */
  readonly optimisticRotationMs: number;
  /**
   * Half-life of the "bytes received from this neighbour" score used for reciprocity.
   * @default 10000
   */
  readonly reciprocityHalfLifeMs: number;
  /**
   * Most requests served at once across all neighbours; more are answered ABSENT busy, so a new
   * part spreads as a tree (the first recipients serve the next ones) instead of the one viewer
   * that fetched it from the origin splitting its uplink five ways and everyone timing out.
   * @default 3
   */
  readonly maxConcurrentUploads: number;
  /**
   * Most upload bandwidth one neighbour may take, kbit/s (token bucket, one second of burst).
   * @default 20000
   */
  readonly perPeerUploadCapKbps: number;
  /**
   * Memory budget of the part store; oldest parts are evicted beyond it.
   * @default 67108864 (64 MiB)
   */
  readonly storeBudgetBytes: number;
  /**
   * Data channel send buffer above which the uploader stops queueing pieces. Small enough that a
   * CANCEL still saves most of a part (bytes already handed to the channel cannot be recalled;
   * with 1 MiB, a real run against the hub sent twice the bytes that arrived in time), large enough
   * for ~20 Mbit/s at 100 ms RTT.
   * @default 262144 (256 KiB)
   */
  readonly channelHighWaterMarkBytes: number;
  /**
   * `bufferedAmountLowThreshold`: the uploader resumes when the buffer drains below this.
   * @default 65536 (64 KiB)
   */
  readonly channelLowWaterMarkBytes: number;
  /**
   * A neighbour whose data channel is not open and greeted (HELLO) within this time is dropped.
   * @default 15000
   */
  readonly connectTimeoutMs: number;
  /**
   * Failed or timed-out requests after which a neighbour is replaced by a fresh suggestion.
   * @default 4
   */
  readonly maxPeerFailures: number;
  /**
   * How often neighbour count is checked and the worst neighbour considered for replacement.
   * @default 10000
   */
  readonly neighbourCheckIntervalMs: number;
  /**
   * How often the least useful neighbour is considered for replacement by a fresh hub suggestion
   * (`worst-neighbour-rule.ts`); 0 never replaces. Only a neighbour there for a whole period is judged.
   * @default 30000
   */
  readonly replaceWorstIntervalMs: number;
  /**
   * The worst neighbour is replaced when it gave less than this share of the verified bytes the
   * other neighbours gave on average over the period (0–1).
   * @default 0.25
   */
  readonly replaceWorstBelowShare: number;
  /**
   * How often cumulative stats go to the hub (`ReportStats`) and the `stats` event fires.
   * The hub accepts at most one report per second.
   * @default 2000
   */
  readonly statsIntervalMs: number;
  /**
   * Delays between hub reconnection attempts; the last one repeats.
   * @default [1000, 2000, 5000, 10000, 30000]
   */
  readonly reconnectDelaysMs: readonly number[];
}

/** The defaults of {@link SwarmConfig}, in one place. */
export const DEFAULT_SWARM_CONFIG: Readonly<SwarmConfig> = Object.freeze({
  urgentWindowMs: 350,
  prefetchWindowSegments: 2,
  maxPrefetchInFlight: 3,
  requestTimeoutMs: 1500,
  peerWaitBudgetMs: 600,
  originFetchersPerPart: 1,
  electionActivitySegments: 2,
  maxNeighbours: 8,
  minNeighbours: 4,
  uploadKbps: 10_000,
  uploadSlots: 4,
  optimisticSlots: 1,
  rechokeIntervalMs: 5000,
  optimisticRotationMs: 10_000,
  reciprocityHalfLifeMs: 10_000,
  maxConcurrentUploads: 3,
  perPeerUploadCapKbps: 20_000,
  storeBudgetBytes: 64 * 1024 * 1024,
  channelHighWaterMarkBytes: 256 * 1024,
  channelLowWaterMarkBytes: 64 * 1024,
  connectTimeoutMs: 15_000,
  maxPeerFailures: 4,
  neighbourCheckIntervalMs: 10_000,
  replaceWorstIntervalMs: 30_000,
  replaceWorstBelowShare: 0.25,
  statsIntervalMs: 2000,
  reconnectDelaysMs: Object.freeze([1000, 2000, 5000, 10_000, 30_000]),
});

/** Fills in defaults and checks the values; a bad value is a caller bug and throws a RangeError. */
export function resolveSwarmConfig(overrides: Partial<SwarmConfig> = {}): SwarmConfig {
  const c: SwarmConfig = { ...DEFAULT_SWARM_CONFIG };
  for (const [k, v] of Object.entries(overrides)) {
    if (v !== undefined) (c as unknown as Record<string, unknown>)[k] = v;
  }
  const nonNegative: (keyof SwarmConfig)[] = [
    'urgentWindowMs', 'prefetchWindowSegments', 'maxPrefetchInFlight', 'peerWaitBudgetMs',
    'electionActivitySegments', 'uploadKbps', 'optimisticSlots', 'replaceWorstIntervalMs', 'replaceWorstBelowShare',
  ];
  const positive: (keyof SwarmConfig)[] = [
    'requestTimeoutMs', 'originFetchersPerPart', 'uploadSlots', 'maxConcurrentUploads', 'rechokeIntervalMs', 'optimisticRotationMs',
    'reciprocityHalfLifeMs', 'perPeerUploadCapKbps', 'storeBudgetBytes', 'channelHighWaterMarkBytes',
    'channelLowWaterMarkBytes', 'connectTimeoutMs', 'maxPeerFailures', 'neighbourCheckIntervalMs', 'statsIntervalMs',
  ];
  for (const k of nonNegative) {
    const v = c[k] as number;
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`${k} must be a finite number >= 0, got ${v}`);
  }
  for (const k of positive) {
    const v = c[k] as number;
    if (!Number.isFinite(v) || v <= 0) throw new RangeError(`${k} must be a finite number > 0, got ${v}`);
  }
  if (!Number.isInteger(c.maxNeighbours) || c.maxNeighbours < 1 || c.maxNeighbours > 16) {
    throw new RangeError(`maxNeighbours must be 1-16 (the hub's limit), got ${c.maxNeighbours}`);
  }
  if (c.replaceWorstBelowShare > 1) throw new RangeError(`replaceWorstBelowShare must be 0-1, got ${c.replaceWorstBelowShare}`);
  if (c.minNeighbours > c.maxNeighbours) throw new RangeError('minNeighbours must not exceed maxNeighbours');
  if (c.uploadKbps > 1_000_000) throw new RangeError('uploadKbps must be at most 1,000,000 (the hub limit)');
  if (c.statsIntervalMs < 1000) throw new RangeError('statsIntervalMs must be >= 1000: the hub drops faster reports');
  if (c.channelLowWaterMarkBytes >= c.channelHighWaterMarkBytes) {
    throw new RangeError('channelLowWaterMarkBytes must be below channelHighWaterMarkBytes');
  }
  if (c.reconnectDelaysMs.length === 0 || c.reconnectDelaysMs.some((d) => !(d >= 0))) {
    throw new RangeError('reconnectDelaysMs must list at least one delay >= 0');
  }
  return c;
}
