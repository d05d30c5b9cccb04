import { WHOLE_SEGMENT } from './protocol/index.js';
import type { HubClient } from './hub-client.js';
import type { Neighbourhood } from './neighbourhood.js';
import { fetchesFromOrigin } from './origin-election.js';
import type { PartHash } from './part-hashes.js';
import { partKeyId, type PartKey } from './part-key.js';
import type { PartLoads } from './part-loads.js';
import type { PartRequest } from './part-request.js';
import type { PartScheduler } from './scheduler.js';
import type { SwarmConfig } from './swarm-config.js';
import type { VerifiedParts } from './verified-parts.js';

/** Deadline given to a part fetched because this viewer was elected, before its player asks. */
const ELECTED_FETCH_SLACK_MS = 10_000;

/** What the prefetcher needs from the engine around it. */
export interface PrefetcherContext {
  readonly config: SwarmConfig;
  readonly now: () => number;
  readonly hub: HubClient;
  readonly scheduler: PartScheduler;
  readonly neighbourhood: Neighbourhood;
  readonly loads: PartLoads;
  readonly parts: VerifiedParts;
}

/** Where the player is: rendition, newest msn asked for, parts or whole segments, the URL folder. */
interface PlayerPosition {
  readonly rendition: string;
  readonly msn: number;
  readonly wholeSegments: boolean;
  readonly urlFolder: string;
}

/**
 * Getting parts before the player asks: the part the neighbourhood elects this viewer to fetch
 * from the origin, as soon as the hub announces it; and parts neighbours announce within
 * `prefetchWindowSegments` of the player, from those neighbours, rarest first.
 */
export class Prefetcher {
  readonly #c: PrefetcherContext;
  #playing: PlayerPosition | null = null;

  constructor(context: PrefetcherContext) {
    this.#c = context;
  }

  /** The player asked for a part: follow its rendition and position. */
  playerAsked(request: PartRequest): void {
    const { rendition, msn, part } = request;
    const playing = this.#playing;
    if (playing === null || playing.rendition !== rendition || msn >= playing.msn) {
      const slash = request.url.lastIndexOf('/');
      this.#playing = { rendition, msn, wholeSegments: part === WHOLE_SEGMENT, urlFolder: slash >= 0 ? request.url.slice(0, slash + 1) : '' };
    }
  }

  /** The rendition the player plays, once it asked for a part; sent to the hub with the stats. */
  get playingRendition(): string | null {
    return this.#playing?.rendition ?? null;
  }

  /**
   * The hub announces a new part (at ingest, as the playlist reveals it): if the hub assigned this
   * viewer to fetch it from the origin, or (without an assignment) its neighbourhood elects it, it
   * does so now rather than when its own player gets round to asking, so viewers whose players
   * ask first are not left waiting for it.
   */
  fetchIfElected(h: PartHash): void {
    const c = this.#c;
    const playing = this.#playing;
    if (playing === null || playing.urlFolder === '' || h.rendition !== playing.rendition || h.msn < playing.msn) return;
    if ((h.part === WHOLE_SEGMENT) !== playing.wholeSegments) return;
    if (c.loads.has(partKeyId(h)) || c.parts.has(h)) return;
    const self = c.hub.peerId;
    if (self === null) return;
    // The neighbourhood only matters without the hub's assignment.
    const electors = h.fetchers === undefined ? c.neighbourhood.candidates(h).filter((p) => p.activeOnRendition) : [];
    if (!fetchesFromOrigin({ peerId: self, uploadKbps: c.config.uploadKbps }, electors, h, c.config.originFetchersPerPart, h.fetchers)) return;
    const name = h.part === WHOLE_SEGMENT ? `${h.msn}.m4s` : `${h.msn}.${h.part}.m4s`;
    c.loads.start({ rendition: h.rendition, msn: h.msn, part: h.part }, c.now() + ELECTED_FETCH_SLACK_MS, false, playing.urlFolder + name);
  }

  /** Starts peer prefetches of announced parts near the player, rarest first, within the in-flight limit. */
  consider(): void {
    const c = this.#c;
    const playing = this.#playing;
    if (playing === null) return;
    const slots = c.config.maxPrefetchInFlight - c.loads.prefetching;
    if (slots <= 0) return;
    const holders = new Map<string, { key: PartKey; holders: number }>();
    const maxMsn = playing.msn + c.config.prefetchWindowSegments;
    for (const n of c.neighbourhood.all()) {
      if (!n.isReady || n.chokesUs || n.holdings === null) continue;
      for (const key of n.holdings.announced(playing.rendition, playing.msn)) {
        if (key.part === WHOLE_SEGMENT || key.msn > maxMsn) continue;
        const id = partKeyId(key);
        if (c.loads.has(id) || c.parts.has(key) || c.hub.hashes.get(key) === undefined) continue;
        const entry = holders.get(id);
        if (entry === undefined) holders.set(id, { key, holders: 1 });
        else entry.holders++;
      }
    }
    const deadline = c.now() + 4 * c.config.requestTimeoutMs;
    for (const key of c.scheduler.pickPrefetch([...holders.values()], slots)) c.loads.start(key, deadline, true, null);
  }
}
