import { MAX_PART_INDEX, type HelloMessage, type PeerMessage } from './protocol/index.js';
import { heldBitfield } from './held-bitfield.js';
import type { HubClient, JoinResult } from './hub-client.js';
import { Neighbour } from './neighbour.js';
import type { PartKey } from './part-key.js';
import { PeerLink, type LinkCloseReason } from './peer-link.js';
import type { PeerCandidate } from './scheduler.js';
import type { SwarmConfig } from './swarm-config.js';
import type { SwarmEngineDeps } from './swarm-engine-deps.js';
import type { SwarmEngineEvents } from './swarm-engine-events.js';
import type { SwarmCounters } from './swarm-stats.js';
import type { TypedEmitter } from './typed-emitter.js';
import type { VerifiedParts } from './verified-parts.js';
import { WorstNeighbourRule } from './worst-neighbour-rule.js';

/** How long a neighbour that announced nothing yet still takes part in origin elections. */
const NEWCOMER_GRACE_MS = 10_000;
/** After a link closes with too few neighbours left, how long until the hub is asked for more. */
const TOP_UP_DELAY_MS = 1000;
/** Held parts of the newest segments announced to a new neighbour after its BITFIELD. */
const HAVE_REPLAY_SEGMENTS = 2;

/** What the neighbourhood needs from the engine around it. */
export interface NeighbourhoodContext {
  readonly config: SwarmConfig;
  readonly deps: Pick<SwarmEngineDeps, 'createPeerConnection' | 'now' | 'timers'>;
  readonly hub: HubClient;
  readonly parts: VerifiedParts;
  readonly counters: SwarmCounters;
  readonly events: TypedEmitter<SwarmEngineEvents>;
  /** A decoded message from a greeted neighbour. */
  readonly onMessage: (n: Neighbour, m: PeerMessage) => void;
  /** The channel's send buffer drained below the low-water mark. */
  readonly onDrain: (n: Neighbour) => void;
  /** A neighbour finished its HELLO exchange. */
  readonly onGreeted: (n: Neighbour) => void;
  /** A neighbour's link closed; its downloads already failed. */
  readonly onClosed: (n: Neighbour) => void;
}

/**
 * The data channels to other viewers: who we connect to (hub suggestions, offers we accept), the
 * greeting (BITFIELD and recent HAVEs), what the scheduler knows of each neighbour, dropping
 * neighbours that misbehave, keep failing or are the least useful (see `worst-neighbour-rule.ts`),
 * and topping up from the hub when too few remain.
 */
export class Neighbourhood {
  readonly #c: NeighbourhoodContext;
  readonly #neighbours = new Map<string, Neighbour>();
  readonly #worst: WorstNeighbourRule;
  /** Peers dropped recently (peer id → until when), not reconnected to meanwhile. */
  readonly #shunned = new Map<string, number>();
  #stream: string | null = null;
  #renditions: readonly string[] = [];
  #destroyed = false;
  #topUpTimer: unknown = null;

  constructor(context: NeighbourhoodContext) {
    this.#c = context;
    this.#worst = new WorstNeighbourRule(context.config);
  }

  /** The rendition names of our HELLO (the hub's order); index i is rendition i on the wire. */
  get renditions(): readonly string[] {
    return this.#renditions;
  }

  get size(): number {
    return this.#neighbours.size;
  }

  /** Neighbours whose channel is open and greeted. */
  get ready(): Neighbour[] {
    return [...this.#neighbours.values()].filter((n) => n.isReady);
  }

  all(): IterableIterator<Neighbour> {
    return this.#neighbours.values();
  }

  get(peerId: string): Neighbour | undefined {
    return this.#neighbours.get(peerId);
  }

  /** Joined (again): links made under an old peer id are stale; offer to the suggested neighbours. */
  joined(stream: string, joined: JoinResult): void {
    this.#stream = stream;
    for (const n of [...this.#neighbours.values()]) n.link.close('local');
    this.#renditions = joined.renditions;
    for (const p of joined.neighbours.slice(0, this.#c.config.maxNeighbours)) {
      if (p.peerId !== joined.peerId) this.#connect(p.peerId, true);
    }
  }

  /** A signal relayed by the hub: an offer may open a new neighbour, the rest go to its link. */
  async signal(from: string, kind: string, payload: string): Promise<void> {
    if (this.#destroyed) return;
    let n = this.#neighbours.get(from);
    if (kind === 'offer') {
      if (n !== undefined && n.initiator && !n.isReady) {
        // Both offered at once: the smaller peer id keeps its own offer.
        if ((this.#c.hub.peerId ?? '') < from) return;
        n.link.close('local');
        n = undefined;
      }
      if (n === undefined) {
        if (this.#neighbours.size >= this.#c.config.maxNeighbours || this.#isShunned(from)) {
          await this.#c.hub.signal(from, 'bye', '').catch(() => undefined);
          return;
        }
        n = this.#connect(from, false) ?? undefined;
      }
    }
    await n?.link.handleSignal(kind, payload);
  }

  /** HAVE to every greeted neighbour. */
  announce(key: PartKey): void {
    const index = this.#renditions.indexOf(key.rendition);
    if (index < 0) return;
    for (const n of this.#neighbours.values()) {
      if (n.isReady) n.link.send({ type: 'have', rendition: index, msn: key.msn, part: key.part });
    }
  }

  /** What the scheduler knows of each greeted neighbour for `key`. */
  candidates(key: PartKey): PeerCandidate[] {
    const out: PeerCandidate[] = [];
    const now = this.#c.deps.now();
    for (const n of this.#neighbours.values()) {
      const holdings = n.holdings;
      const hello = n.hello;
      if (!n.isReady || holdings === null || hello === null) continue;
      const newest = holdings.newestMsn(key.rendition);
      out.push({
        peerId: n.peerId,
        uploadKbps: hello.uploadKbps,
        holds: holdings.holds(key),
        chokesUs: n.chokesUs,
        // A neighbour that announced nothing yet most likely plays what we play (one rendition, or ABR
        // settled on the same): counting it avoids every newcomer fetching from the origin. Only for
        // a grace period, so that a neighbour that never plays (a paused tab) is not elected forever
        // and leaves its neighbourhood waiting out the budget for its share of the parts.
        activeOnRendition:
          !hello.isSeed &&
          ((holdings.isEmpty && now - n.connectedAtMs < NEWCOMER_GRACE_MS) ||
            (newest !== undefined && newest >= key.msn - this.#c.config.electionActivitySegments)),
        throughputBytesPerSec: n.throughputBytesPerSec,
        rttMs: n.rttMs,
        failures: n.failures,
        inFlightBytes: n.inFlightBytes,
      });
    }
    return out;
  }

  /** Drops a neighbour that broke the protocol or sent bytes failing the hash, and tells the hub. */
  badPeer(n: Neighbour, reason: string): void {
    if (n.link.isClosed) return;
    this.#c.counters.badPeers++;
    this.#c.events.emit('bad-peer', { peerId: n.peerId, reason });
    this.#c.hub.reportBadPeer(n.peerId, reason).catch(() => undefined);
    // Never again in this session: it lied about bytes it holds.
    this.#shunned.set(n.peerId, Number.POSITIVE_INFINITY);
    n.link.close('protocol');
  }

  /**
   * Every `neighbourCheckIntervalMs`: drops neighbours that keep failing, replaces the least useful
   * one (at most every `replaceWorstIntervalMs`), and asks the hub for more when fewer than
   * `minNeighbours` remain.
   */
  check(): void {
    const hub = this.#c.hub;
    if (hub.joinResult === null || this.#destroyed) return;
    const now = this.#c.deps.now();
    for (const [peerId, until] of this.#shunned) if (until <= now) this.#shunned.delete(peerId);
    for (const n of [...this.#neighbours.values()]) {
      if (n.failures >= this.#c.config.maxPeerFailures) {
        this.#shun(n.peerId, now);
        n.link.close('local');
      } else {
        n.failures = n.failures / 2;
      }
    }
    const worst = this.#worst.review(this.ready, now);
    if (worst !== null) this.#replace(worst.neighbour, worst.reason);
    this.#topUp();
  }

  /**
   * Below `minNeighbours`: asks the hub for peers and offers to the ones we are not linked to. The
   * hub's suggestions include our own neighbours (it knows counts, not links), so it is asked for a
   * full set, not only for what is missing.
   */
  #topUp(): void {
    const hub = this.#c.hub;
    if (hub.joinResult === null || this.#destroyed || this.#neighbours.size >= this.#c.config.minNeighbours) return;
    hub
      .requestNeighbours(this.#c.config.maxNeighbours)
      .then((peers) => {
        for (const p of peers) {
          if (this.#neighbours.size >= this.#c.config.maxNeighbours) break;
          if (this.#isFresh(p.peerId)) this.#connect(p.peerId, true);
        }
      })
      .catch(() => undefined);
  }

  /**
   * A link closed (a full peer answered our offer with `bye`, a set-up timed out, a neighbour left)
   * and too few remain: top up after `TOP_UP_DELAY_MS` instead of waiting for the next check, at
   * most one pending. Late joiners of a busy swarm are offered peers that filled up meanwhile; they
   * would otherwise fetch everything from the origin for up to `neighbourCheckIntervalMs`.
   */
  #topUpSoon(): void {
    if (this.#topUpTimer !== null || this.#destroyed || this.#neighbours.size >= this.#c.config.minNeighbours) return;
    this.#topUpTimer = this.#c.deps.timers.setTimeout(() => {
      this.#topUpTimer = null;
      this.#topUp();
    }, TOP_UP_DELAY_MS);
  }

  closeAll(): void {
    this.#destroyed = true;
    if (this.#topUpTimer !== null) this.#c.deps.timers.clearTimeout(this.#topUpTimer);
    this.#topUpTimer = null;
    for (const n of [...this.#neighbours.values()]) n.link.close('local');
    this.#neighbours.clear();
  }

  /** Asks the hub for a peer we are not connected to; only if there is one is `worst` dropped for it. */
  #replace(worst: Neighbour, reason: string): void {
    const hub = this.#c.hub;
    hub
      .requestNeighbours(Math.min(16, this.#neighbours.size + 1))
      .then((peers) => {
        if (this.#destroyed || worst.link.isClosed) return;
        const fresh = peers.find((p) => this.#isFresh(p.peerId));
        if (fresh === undefined) return;
        this.#shun(worst.peerId, this.#c.deps.now());
        worst.link.close('replaced');
        this.#connect(fresh.peerId, true);
        this.#c.events.emit('neighbour-replaced', { dropped: worst.peerId, added: fresh.peerId, reason });
      })
      .catch(() => undefined);
  }

  #isFresh(peerId: string): boolean {
    return peerId !== this.#c.hub.peerId && !this.#neighbours.has(peerId) && !this.#isShunned(peerId);
  }

  #isShunned(peerId: string): boolean {
    const until = this.#shunned.get(peerId);
    return until !== undefined && until > this.#c.deps.now();
  }

  #shun(peerId: string, now: number): void {
    const until = now + 2 * Math.max(this.#c.config.replaceWorstIntervalMs, this.#c.config.neighbourCheckIntervalMs);
    if (!((this.#shunned.get(peerId) ?? 0) > until)) this.#shunned.set(peerId, until);
  }

  #connect(peerId: string, initiator: boolean): Neighbour | null {
    const c = this.#c;
    const joined = c.hub.joinResult;
    const stream = this.#stream;
    if (joined === null || stream === null || this.#neighbours.has(peerId) || this.#renditions.length === 0) return null;
    const link = new PeerLink({
      remotePeerId: peerId,
      initiator,
      hello: { type: 'hello', stream, renditions: this.#renditions.slice(0, 8), uploadKbps: c.config.uploadKbps, isSeed: false },
      settings: joined,
      createPeerConnection: c.deps.createPeerConnection,
      highWaterMarkBytes: c.config.channelHighWaterMarkBytes,
      lowWaterMarkBytes: c.config.channelLowWaterMarkBytes,
    });
    const n = new Neighbour(peerId, link, initiator, (c.config.perPeerUploadCapKbps * 1000) / 8, c.deps.now());
    this.#neighbours.set(peerId, n);
    link.events.on('signal', (s) => void c.hub.signal(peerId, s.kind, s.payload).catch(() => undefined));
    link.events.on('ready', (hello) => this.#onReady(n, hello));
    link.events.on('message', (m) => c.onMessage(n, m));
    link.events.on('malformed', (code) => this.badPeer(n, `malformed message (${code})`));
    link.events.on('drain', () => c.onDrain(n));
    link.events.on('closed', (reason) => this.#onClosed(n, reason));
    n.connectTimer = c.deps.timers.setTimeout(() => {
      n.connectTimer = null;
      if (!n.isReady) link.close('timeout');
    }, c.config.connectTimeoutMs);
    void link.start();
    return n;
  }

  #onReady(n: Neighbour, hello: HelloMessage): void {
    const c = this.#c;
    if (n.connectTimer !== null) c.deps.timers.clearTimeout(n.connectTimer);
    n.connectTimer = null;
    n.greeted(hello);
    // BITFIELD per rendition held, then the parts of the newest segments (a BITFIELD only covers
    // whole segments, and the newest parts are what a live neighbour wants).
    for (const [index, rendition] of this.#renditions.entries()) {
      const bitfield = heldBitfield(c.parts.store.wholeSegments(rendition));
      if (bitfield !== null) n.link.send({ type: 'bitfield', rendition: index, ...bitfield });
      const newest = c.hub.hashes.newestMsn(rendition);
      if (newest === undefined) continue;
      for (let msn = Math.max(0, newest - HAVE_REPLAY_SEGMENTS + 1); msn <= newest; msn++) {
        for (let part = 0; part <= MAX_PART_INDEX; part++) {
          const key = { rendition, msn, part };
          if (c.hub.hashes.get(key) === undefined) break;
          if (c.parts.has(key)) n.link.send({ type: 'have', rendition: index, msn, part });
        }
      }
    }
    c.onGreeted(n);
    c.events.emit('peer-connected', { peerId: n.peerId, uploadKbps: hello.uploadKbps, isSeed: hello.isSeed });
  }

  #onClosed(n: Neighbour, reason: LinkCloseReason): void {
    const c = this.#c;
    if (this.#neighbours.get(n.peerId) === n) this.#neighbours.delete(n.peerId);
    if (n.connectTimer !== null) c.deps.timers.clearTimeout(n.connectTimer);
    if (n.pumpTimer !== null) c.deps.timers.clearTimeout(n.pumpTimer);
    n.connectTimer = null;
    n.pumpTimer = null;
    c.onClosed(n);
    if (n.hello !== null && !this.#destroyed) c.events.emit('peer-disconnected', { peerId: n.peerId, reason });
    this.#topUpSoon();
  }
}
