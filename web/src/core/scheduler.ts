import { fetchesFromOrigin } from './origin-election.js';
import type { PartKey } from './part-key.js';
import type { SwarmConfig } from './swarm-config.js';

/*
 * Where each part comes from — the policy, with its numbers.
 *
 * LL-HLS makes every viewer want the newest part at nearly the same moment: the part appears in
 * the playlist (blocking reload) for everyone within a round trip, and is due on screen
 * PART-HOLD-BACK (1.5 s) after the live edge minus the part's own 0.5 s, i.e. ~1 s later. A
 * whole-segment loader (p2p-media-loader) cannot help there: by the time one viewer has a segment
 * the others have fetched it too. So, per part:
 *
 * 1. Urgent: less than `urgentWindowMs` (350 ms) before the deadline, the origin, always. An origin
 *    fetch of a ~160 KB part takes 50–200 ms; 350 ms leaves room for one slow fetch.
 * 2. A neighbour that announced the part (HAVE, BITFIELD, or a seed) and does not choke us: ask
 *    the one with the earliest estimated completion, `rtt + (bytes in flight to us + size) /
 *    measured throughput`, inflated by its recent failures. Counting bytes already in flight
 *    spreads requests over neighbours in proportion to their throughput. If even that estimate
 *    misses the deadline minus the urgent window, the origin instead. The request's timeout is
 *    `min(requestTimeoutMs, time left − urgentWindowMs)`, so a timeout still leaves the origin
 *    time to deliver; a timed-out or refused peer is not asked again for that part.
 * 3. Nobody has it yet: somebody must fetch it from the origin, and as few as possible.
 *    a. The hub assigns the fetchers (`assignedFetchers`, the hash's `fetchers`; docs/signalling.md,
 *       "Origin fetchers"). It knows every viewer and the rendition each plays, and picks
 *       k = clamp(ceil(n / ViewersPerFetcher), 1, 8) of the n viewers of the rendition by a weighted rendezvous hash
 *       of (peerId, rendition, msn, part), weight = upload kbit/s. An assigned viewer fetches at
 *       once (the prefetcher starts as the hash arrives) and relays; everybody else waits for a
 *       HAVE. The origin sends k copies of a part for the whole swarm: offload 1 − k/n, so 5/6 =
 *       0.83 for 6 viewers (one copy is the floor: no scheme beats 1 − 1/n), 0.9 at 10, 0.9375 at
 *       16, 32…, dipping just past each multiple of 16 (0.88 at 17) but not below 0.85 from 7
 *       viewers up with ViewersPerFetcher 16, which trades this against hops: one fetcher's part
 *       reaches 16 viewers within two hops of 4–8 neighbours. The hub assigns by default
 *       (ViewersPerFetcher 16): 0.93 offload against 0.80–0.87 for (b) in the swarm bench.
 *    b. Without an assignment (an older hub, no viewer reported the rendition, the only candidates
 *       shunned): the neighbourhood election (`origin-election.ts`). Each viewer ranks itself and
 *       its neighbours active on the rendition (announced a part at most 2 segments older) by the
 *       same hash; the top `originFetchersPerPart` (1) fetch. That puts one fetcher in every closed
 *       neighbourhood: with d neighbours about n/(d+1) viewers fetch each part, a ceiling of
 *       1 − 1/(d+1), 0.83 with 5 neighbours however large the swarm.
 *    With hub fetchers most viewers are not neighbours of a fetcher and get the part two or three
 *    hops away. A hop is a HAVE after the relay verified the part, then an RTT plus ~160 KB at the
 *    link's throughput: 50–150 ms on a good link, so the budget below covers 3–4 hops. With 5
 *    neighbours a fetcher reaches ~5, ~20, ~80 viewers at 1, 2, 3 hops, and there is one fetcher
 *    per 8 viewers, so 600 ms is kept: a longer wait would only delay the origin fallback.
 *    'alone' (no neighbour active on the rendition) still fetches at once: nobody could relay.
 * 4. Waiting is bounded by `peerWaitBudgetMs` (600 ms) from the request and by the urgent window,
 *    then the origin ("budget"). Worst case on the newest part: 600 ms of waiting + 200 ms origin
 *    fetch = 800 ms, inside the ~1 s of slack, so the swarm never makes a viewer stall; what it can
 *    cost is origin bytes, never continuity.
 *
 * Prefetch: when neighbours announce parts of the rendition being played, within
 * `prefetchWindowSegments` (2) ahead of what the player asked for, the engine fetches them from
 * peers before the player asks, rarest first (fewest holders among neighbours, then oldest), so a
 * part propagates through the swarm even where a player is a little behind, and the player's own
 * request is then answered from memory.
 */

/** What the scheduler knows about one neighbour for one part. */
export interface PeerCandidate {
  readonly peerId: string;
  readonly uploadKbps: number;
  /** It announced the part (or is a seed). */
  readonly holds: boolean;
  /** It has not unchoked us: a request would come back ABSENT. */
  readonly chokesUs: boolean;
  /** It takes part in the origin election for this part's rendition. */
  readonly activeOnRendition: boolean;
  /** Measured download throughput from it, bytes/s; 0 when not measured yet. */
  readonly throughputBytesPerSec: number;
  /** Measured time from REQUEST to first DATA, ms; 0 when not measured yet. */
  readonly rttMs: number;
  /** Recent failed or timed-out requests to it (decays). */
  readonly failures: number;
  /** Bytes we still expect from it for requests in flight. */
  readonly inFlightBytes: number;
}

export interface PartDecisionInput {
  readonly key: PartKey;
  readonly nowMs: number;
  /** When the part must be in the player's hands (its playback start), on the `nowMs` clock. */
  readonly deadlineMs: number;
  /** When the engine started on this part. */
  readonly sinceMs: number;
  /** Size from the hub's hash, 0 when no hash is known. */
  readonly sizeBytes: number;
  /** The hub's hash is known: without it nothing from a peer can be verified. */
  readonly hashKnown: boolean;
  readonly selfPeerId: string;
  readonly selfUploadKbps: number;
  readonly peers: readonly PeerCandidate[];
  /** Peers that already failed or refused this part. */
  readonly triedPeers: ReadonlySet<string>;
  /**
   * The peers the hub assigned to fetch this part from the origin for the whole swarm (its
   * `PartHash.fetchers`); undefined when the hub sent none, and then the neighbourhood elects.
   */
  readonly assignedFetchers?: readonly string[] | undefined;
}

export type OriginReason = 'urgent' | 'elected' | 'alone' | 'budget' | 'too-slow';

export type PartDecision =
  | { readonly kind: 'origin'; readonly reason: OriginReason }
  | { readonly kind: 'peer'; readonly peerId: string; readonly timeoutMs: number }
  /** Nothing to do before `untilMs` unless something changes (a HAVE, an UNCHOKE, a hash). */
  | { readonly kind: 'wait'; readonly untilMs: number };

/** A part neighbours announced that the engine could prefetch. */
export interface PrefetchOffer {
  readonly key: PartKey;
  /** How many neighbours announced it. */
  readonly holders: number;
}

/** Assumed before a neighbour is measured: a modest 4 Mbit/s and 100 ms. */
const UNMEASURED_THROUGHPUT_BYTES_PER_SEC = 500_000;
const UNMEASURED_RTT_MS = 100;
/** Each recent failure makes a neighbour look this much slower. */
const FAILURE_PENALTY = 0.5;
/** A request is given at least this long, even close to the urgent window. */
const MIN_REQUEST_TIMEOUT_MS = 150;

/** The deadline-aware source choice described above. Pure: no clock, no I/O. */
export class PartScheduler {
  readonly #config: SwarmConfig;

  constructor(config: SwarmConfig) {
    this.#config = config;
  }

  decide(input: PartDecisionInput): PartDecision {
    const c = this.#config;
    const leftMs = input.deadlineMs - input.nowMs;
    if (leftMs <= c.urgentWindowMs) return { kind: 'origin', reason: 'urgent' };
    const usableLeftMs = leftMs - c.urgentWindowMs;

    if (input.hashKnown) {
      const best = this.#bestHolder(input);
      if (best !== null) {
        if (best.estimateMs > usableLeftMs) return { kind: 'origin', reason: 'too-slow' };
        const timeoutMs = Math.max(MIN_REQUEST_TIMEOUT_MS, Math.min(c.requestTimeoutMs, usableLeftMs));
        return { kind: 'peer', peerId: best.peerId, timeoutMs };
      }
    }

    const electors = input.peers.filter((p) => p.activeOnRendition);
    const self = { peerId: input.selfPeerId, uploadKbps: input.selfUploadKbps };
    if (fetchesFromOrigin(self, electors, input.key, c.originFetchersPerPart, input.assignedFetchers)) return { kind: 'origin', reason: 'elected' };
    if (electors.length === 0) return { kind: 'origin', reason: 'alone' };

    const untilMs = Math.min(input.sinceMs + c.peerWaitBudgetMs, input.deadlineMs - c.urgentWindowMs);
    if (untilMs <= input.nowMs) return { kind: 'origin', reason: 'budget' };
    return { kind: 'wait', untilMs };
  }

  /**
   * Which announced parts to prefetch now, at most `slots`: rarest first (fewest holders), then
   * oldest (lowest msn, then part), so that what few neighbours hold spreads before it is evicted.
   */
  pickPrefetch(offers: readonly PrefetchOffer[], slots: number): PartKey[] {
    if (slots <= 0) return [];
    return [...offers]
      .sort((a, b) => a.holders - b.holders || a.key.msn - b.key.msn || a.key.part - b.key.part)
      .slice(0, slots)
      .map((o) => o.key);
  }

  /** Estimated milliseconds for a peer to deliver `sizeBytes` to us now. */
  estimateMs(peer: PeerCandidate, sizeBytes: number): number {
    const throughput = peer.throughputBytesPerSec > 0 ? peer.throughputBytesPerSec : UNMEASURED_THROUGHPUT_BYTES_PER_SEC;
    const rtt = peer.rttMs > 0 ? peer.rttMs : UNMEASURED_RTT_MS;
    const transferMs = ((peer.inFlightBytes + sizeBytes) / throughput) * 1000;
    return (rtt + transferMs) * (1 + FAILURE_PENALTY * peer.failures);
  }

  #bestHolder(input: PartDecisionInput): { peerId: string; estimateMs: number } | null {
    let best: { peerId: string; estimateMs: number } | null = null;
    for (const p of input.peers) {
      if (!p.holds || p.chokesUs || input.triedPeers.has(p.peerId)) continue;
      const estimateMs = this.estimateMs(p, input.sizeBytes);
      if (best === null || estimateMs < best.estimateMs || (estimateMs === best.estimateMs && p.peerId < best.peerId)) {
        best = { peerId: p.peerId, estimateMs };
      }
    }
    return best;
  }
}
