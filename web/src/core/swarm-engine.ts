import { AbsentReason, MAX_PART_INDEX, WHOLE_SEGMENT, type PeerMessage } from './protocol/index.js';
import { HubClient, signalRHubConnectionFactory, type HubClientTimers, type HubConnectionFactory, type JoinResult, type StatsReport } from './hub-client.js';
import { heldBitfield } from './held-bitfield.js';
import { Neighbour, type PeerDownload } from './neighbour.js';
import { PartAssembly } from './part-assembly.js';
import type { PartHash } from './part-hashes.js';
import { partKeyId, type PartKey } from './part-key.js';
import { PartStore } from './part-store.js';
import { PeerLink, browserPeerConnectionFactory, type LinkCloseReason, type PeerConnectionFactory } from './peer-link.js';
import { isElectedForOrigin } from './origin-election.js';
import { PartScheduler, type OriginReason, type PeerCandidate } from './scheduler.js';
import { sha256Hex, type Sha256Hex } from './sha256.js';
import { resolveSwarmConfig, type SwarmConfig } from './swarm-config.js';
import { TypedEmitter } from './typed-emitter.js';
import { UploadSlots } from './upload-slots.js';

/** The browser parts the engine needs, injected so that node tests can fake them. */
export interface SwarmEngineDeps {
  readonly createPeerConnection: PeerConnectionFactory;
  readonly connectHub: HubConnectionFactory;
  readonly fetch: (url: string, init: { signal: AbortSignal }) => Promise<{ readonly ok: boolean; readonly status: number; arrayBuffer(): Promise<ArrayBuffer> }>;
  readonly sha256Hex: Sha256Hex;
  /** Monotonic milliseconds; `loadPart` deadlines are on this clock. */
  readonly now: () => number;
  readonly timers: HubClientTimers;
  readonly random: () => number;
}

/** The browser implementations of {@link SwarmEngineDeps}. */
export function browserSwarmDeps(): SwarmEngineDeps {
  return {
    createPeerConnection: browserPeerConnectionFactory,
    connectHub: signalRHubConnectionFactory,
    fetch: (url, init) => globalThis.fetch(url, init),
    sha256Hex,
    now: () => performance.now(),
    timers: {
      setTimeout: (cb, ms) => globalThis.setTimeout(cb, ms),
      clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
    },
    random: Math.random,
  };
}

/** One part or whole segment the player wants. */
export interface PartRequest {
  /** The origin URL, used when the part comes from the origin. */
  readonly url: string;
  readonly rendition: string;
  readonly msn: number;
  /** 0–99, or 255 for the whole segment. */
  readonly part: number;
  /** When the player needs it (its playback start), on the engine clock ({@link SwarmEngine.now}). */
  readonly deadlineMs: number;
}

export type PartSource = 'peer' | 'origin';

export interface LoadedPart {
  /** A copy the caller owns (hls.js may transfer it to its worker). */
  readonly bytes: Uint8Array;
  readonly source: PartSource;
  /**
   * How long the bytes took on the wire (origin fetch or peer request to last byte), ms, also for
   * parts answered from memory: what a bandwidth estimator should see, without the time spent
   * waiting for a neighbour to have the part.
   */
  readonly transferMs: number;
}

/** Cumulative counters since `start`; the first nine are the hub's `StatsReport`. */
export interface SwarmStats extends StatsReport {
  /** Verified parts (and segments) downloaded from peers / from the origin. */
  readonly partsFromPeers: number;
  readonly partsFromOrigin: number;
  /** Neighbours dropped for malformed messages or hash mismatches. */
  readonly badPeers: number;
  /** Bytes in the part store. */
  readonly storeBytes: number;
}

export interface SwarmEngineEvents {
  'peer-connected': { readonly peerId: string; readonly uploadKbps: number; readonly isSeed: boolean };
  'peer-disconnected': { readonly peerId: string; readonly reason: LinkCloseReason };
  'part-loaded': {
    readonly key: PartKey;
    readonly source: PartSource;
    readonly bytes: number;
    readonly onTime: boolean;
    readonly elapsedMs: number;
    /** Why the origin was used, when it was. */
    readonly originReason: OriginReason | null;
  };
  'bad-peer': { readonly peerId: string; readonly reason: string };
  /** A request to a neighbour ended without bytes (timeout, ABSENT, closed): the part is asked elsewhere. */
  'peer-request-failed': { readonly peerId: string; readonly key: PartKey; readonly reason: string; readonly elapsedMs: number };
  stats: SwarmStats;
  'stream-ended': string;
}

export interface SwarmStartOptions {
  /** The hub URL, e.g. `https://host/hubs/swarm`. */
  readonly hubUrl: string;
  readonly stream: string;
}

/** Playback numbers the player reports, forwarded to the hub in `ReportStats`. */
export interface PlaybackReport {
  readonly stalls: number;
  readonly stallSeconds: number;
  readonly latencySeconds: number;
}

interface PartLoad {
  readonly key: PartKey;
  readonly id: string;
  url: string | null;
  deadlineMs: number;
  readonly sinceMs: number;
  readonly tried: Set<string>;
  readonly controller: AbortController;
  waiters: number;
  prefetch: boolean;
  wake: (() => void) | null;
  /** Set while a peer request is in flight: re-arms its timeout when the deadline moves closer. */
  deadlineMoved: (() => void) | null;
  originReason: OriginReason | null;
  promise: Promise<LoadedPart>;
}

class PeerRequestError extends Error {
  constructor(readonly kind: 'timeout' | 'absent' | 'closed' | 'bad', message: string) {
    super(message);
  }
}

const abortError = (): Error => new DOMException('The part load was aborted', 'AbortError');
/** Origin bytes awaiting a hub hash before they may be stored and relayed. */
const MAX_PENDING_ORIGIN = 16;
/** Deadline given to a part fetched because this viewer was elected, before its player asks. */
const ELECTED_FETCH_SLACK_MS = 10_000;
/** How long a neighbour that announced nothing yet still takes part in origin elections. */
const NEWCOMER_GRACE_MS = 10_000;
/** Held parts of the newest segments announced to a new neighbour after its BITFIELD. */
const HAVE_REPLAY_SEGMENTS = 2;

/**
 * The browser swarm engine: joins the hub, keeps up to `maxNeighbours` data channels, answers
 * `loadPart` from memory, peers or the origin (policy in `scheduler.ts`), checks every byte against
 * the hub's SHA-256 before it is returned, stored, announced or relayed, and serves verified parts
 * to neighbours as soon as they are whole.
 */
export class SwarmEngine {
  readonly events = new TypedEmitter<SwarmEngineEvents>();
  readonly config: SwarmConfig;
  readonly #deps: SwarmEngineDeps;
  readonly #hub: HubClient;
  readonly #store: PartStore;
  readonly #scheduler: PartScheduler;
  readonly #slots: UploadSlots;
  readonly #neighbours = new Map<string, Neighbour>();
  readonly #loads = new Map<string, PartLoad>();
  readonly #sources = new Map<string, { readonly source: PartSource; readonly transferMs: number }>();
  readonly #pendingOrigin = new Map<string, { key: PartKey; bytes: Uint8Array; sha256: string; transferMs: number }>();
  readonly #timers = new Set<unknown>();
  #stream: string | null = null;
  #renditions: readonly string[] = [];
  /** What the player asks for: rendition, newest msn, parts or whole segments, and the URL folder. */
  #playing: { rendition: string; msn: number; wholeSegments: boolean; urlFolder: string } | null = null;
  #playback: PlaybackReport = { stalls: 0, stallSeconds: 0, latencySeconds: 0 };
  #counters = { bytesFromPeers: 0, bytesFromOrigin: 0, bytesToPeers: 0, partsOnTime: 0, partsLate: 0, partsFromPeers: 0, partsFromOrigin: 0, badPeers: 0 };
  #destroyed = false;

  constructor(config: Partial<SwarmConfig> = {}, deps: Partial<SwarmEngineDeps> = {}) {
    this.config = resolveSwarmConfig(config);
    this.#deps = { ...(isBrowserComplete(deps) ? {} : browserSwarmDeps()), ...stripUndefined(deps) } as SwarmEngineDeps;
    this.#store = new PartStore(this.config.storeBudgetBytes);
    this.#scheduler = new PartScheduler(this.config);
    this.#slots = new UploadSlots(this.config, this.#deps.random);
    this.#hub = new HubClient({
      connect: this.#deps.connectHub,
      timers: this.#deps.timers,
      reconnectDelaysMs: this.config.reconnectDelaysMs,
      statsIntervalMs: this.config.statsIntervalMs,
    });
    this.#hub.statsSource = () => this.stats;
    this.#hub.events.on('joined', this.#onJoined);
    this.#hub.events.on('signal', (s) => void this.#onSignal(s.from, s.kind, s.payload));
    this.#hub.events.on('part-hashes', this.#onHashes);
    this.#hub.events.on('peer-left', (peerId) => this.#neighbours.get(peerId)?.link.close('bye'));
    this.#hub.events.on('stream-ended', (stream) => this.events.emit('stream-ended', stream));
  }

  /** The engine clock; deadlines passed to {@link loadPart} are on it. */
  now(): number {
    return this.#deps.now();
  }

  /** The stream given to {@link start}, or null before. */
  get stream(): string | null {
    return this.#stream;
  }

  /** Our peer id in the swarm, once joined. */
  get peerId(): string | null {
    return this.#hub.peerId;
  }

  /** Ids of the neighbours whose channel is open and greeted. */
  get connectedPeers(): string[] {
    return [...this.#neighbours.values()].filter((n) => n.isReady).map((n) => n.peerId);
  }

  get stats(): SwarmStats {
    return {
      ...this.#counters,
      ...this.#playback,
      peers: this.connectedPeers.length,
      storeBytes: this.#store.sizeBytes,
    };
  }

  /**
   * Joins the swarm. Resolves once joined; if the first attempt fails it rejects, and `loadPart`
   * keeps working from the origin alone.
   */
  async start(options: SwarmStartOptions): Promise<void> {
    if (this.#stream !== null) throw new Error('SwarmEngine.start called twice');
    this.#stream = options.stream;
    this.#every(this.config.rechokeIntervalMs, () => this.#rechoke());
    this.#every(this.config.neighbourCheckIntervalMs, () => this.#checkNeighbours());
    this.#every(this.config.statsIntervalMs, () => this.events.emit('stats', this.stats));
    await this.#hub.start({
      hubUrl: options.hubUrl,
      stream: options.stream,
      uploadKbps: this.config.uploadKbps,
      maxNeighbours: this.config.maxNeighbours,
    });
  }

  /** The player's stall and latency numbers, sent to the hub with the next stats report. */
  reportPlayback(report: PlaybackReport): void {
    this.#playback = { ...report };
  }

  /** A part or whole segment, from memory, a peer or the origin; verified when a hash is known. */
  async loadPart(request: PartRequest, signal?: AbortSignal): Promise<LoadedPart> {
    if (this.#destroyed) throw new Error('SwarmEngine destroyed');
    const { rendition, msn, part } = request;
    if (!Number.isInteger(msn) || msn < 0 || !(Number.isInteger(part) && (part <= MAX_PART_INDEX || part === WHOLE_SEGMENT) && part >= 0)) {
      throw new RangeError(`not a part: ${rendition}/${msn}/${part}`);
    }
    if (signal?.aborted === true) throw abortError();
    const key: PartKey = { rendition, msn, part };
    const startedAt = this.now();
    if (this.#playing === null || this.#playing.rendition !== rendition || msn >= this.#playing.msn) {
      const slash = request.url.lastIndexOf('/');
      this.#playing = { rendition, msn, wholeSegments: part === WHOLE_SEGMENT, urlFolder: slash >= 0 ? request.url.slice(0, slash + 1) : '' };
    }

    const held = this.#heldPart(key);
    if (held !== undefined) return this.#delivered(key, held, request.deadlineMs, startedAt, null);

    const id = partKeyId(key);
    let load = this.#loads.get(id);
    if (load === undefined) {
      load = this.#startLoad(key, request.deadlineMs, false, request.url);
    } else {
      load.prefetch = false;
      load.url ??= request.url;
      if (request.deadlineMs < load.deadlineMs) {
        load.deadlineMs = request.deadlineMs;
        load.deadlineMoved?.();
      }
      load.wake?.();
    }
    const current = load;
    current.waiters++;
    try {
      const result = await raceAbort(current.promise, signal);
      return this.#delivered(key, result, request.deadlineMs, startedAt, current.originReason);
    } finally {
      current.waiters--;
      if (current.waiters === 0 && this.#loads.get(id) === current && isAborted(signal)) current.controller.abort();
    }
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    for (const t of this.#timers) this.#deps.timers.clearTimeout(t);
    this.#timers.clear();
    for (const load of this.#loads.values()) load.controller.abort();
    this.#loads.clear();
    for (const n of [...this.#neighbours.values()]) n.link.close('local');
    this.#neighbours.clear();
    this.#hub.destroy();
    this.#store.clear();
    this.events.clear();
  }

  // ---- loading ----

  #delivered(key: PartKey, result: LoadedPart, deadlineMs: number, startedAt: number, originReason: OriginReason | null): LoadedPart {
    const now = this.now();
    const onTime = now <= deadlineMs;
    // A part already due when asked for (startup, a seek, a player behind) says nothing about the
    // swarm's timeliness; it is left out of the continuity counters.
    if (deadlineMs > startedAt) {
      if (onTime) this.#counters.partsOnTime++;
      else this.#counters.partsLate++;
    }
    this.events.emit('part-loaded', { key, source: result.source, bytes: result.bytes.length, onTime, elapsedMs: now - startedAt, originReason });
    return { bytes: result.bytes.slice(), source: result.source, transferMs: result.transferMs };
  }

  #startLoad(key: PartKey, deadlineMs: number, prefetch: boolean, url: string | null): PartLoad {
    const load: PartLoad = {
      key,
      id: partKeyId(key),
      url,
      deadlineMs,
      sinceMs: this.now(),
      tried: new Set(),
      controller: new AbortController(),
      waiters: 0,
      prefetch,
      wake: null,
      deadlineMoved: null,
      originReason: null,
      promise: Promise.resolve(null as unknown as LoadedPart),
    };
    load.promise = this.#run(load).finally(() => {
      if (this.#loads.get(load.id) === load) this.#loads.delete(load.id);
    });
    // A prefetch nobody waits for must not surface as an unhandled rejection.
    load.promise.catch(() => undefined);
    this.#loads.set(load.id, load);
    return load;
  }

  async #run(load: PartLoad): Promise<LoadedPart> {
    for (;;) {
      if (load.controller.signal.aborted || this.#destroyed) throw abortError();
      const held = this.#heldPart(load.key);
      if (held !== undefined) return held;
      const hash = this.#hub.hashes.get(load.key);
      const now = this.now();
      const decision = this.#scheduler.decide({
        key: load.key,
        nowMs: now,
        deadlineMs: load.deadlineMs,
        sinceMs: load.sinceMs,
        sizeBytes: hash?.size ?? 0,
        hashKnown: hash !== undefined,
        selfPeerId: this.#hub.peerId ?? '',
        selfUploadKbps: this.config.uploadKbps,
        peers: this.#candidates(load.key),
        triedPeers: load.tried,
      });
      if (load.prefetch && decision.kind !== 'peer') {
        // Leave the map now, not in `finally` a microtask later, so that a player request arriving
        // in between starts a load of its own instead of joining one that is giving up.
        if (this.#loads.get(load.id) === load) this.#loads.delete(load.id);
        throw new Error('prefetch: no neighbour can serve it now');
      }
      if (decision.kind === 'origin') {
        load.originReason = decision.reason;
        return this.#fetchOrigin(load);
      }
      if (decision.kind === 'peer') {
        const n = this.#neighbours.get(decision.peerId);
        if (n === undefined || hash === undefined) {
          load.tried.add(decision.peerId);
          continue;
        }
        try {
          const startedAt = this.now();
          const bytes = await this.#requestFromPeer(n, load, hash, decision.timeoutMs);
          return { bytes, source: 'peer', transferMs: this.now() - startedAt };
        } catch (e) {
          if (load.controller.signal.aborted) throw abortError();
          const reason = e instanceof Error ? e.message : String(e);
          this.events.emit('peer-request-failed', { peerId: n.peerId, key: load.key, reason, elapsedMs: this.now() - now });
          load.tried.add(n.peerId);
          if (e instanceof PeerRequestError && e.kind === 'timeout') n.failures++;
          continue;
        }
      }
      await this.#sleep(load, decision.untilMs - now);
    }
  }

  #sleep(load: PartLoad, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.#deps.timers.clearTimeout(timer);
        load.controller.signal.removeEventListener('abort', done);
        load.wake = null;
        resolve();
      };
      const timer = this.#deps.timers.setTimeout(done, Math.max(0, ms));
      load.wake = done;
      load.controller.signal.addEventListener('abort', done);
    });
  }

  #wakeAll(): void {
    for (const load of this.#loads.values()) load.wake?.();
  }

  #candidates(key: PartKey): PeerCandidate[] {
    const out: PeerCandidate[] = [];
    const now = this.now();
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
            (newest !== undefined && newest >= key.msn - this.config.electionActivitySegments)),
        throughputBytesPerSec: n.throughputBytesPerSec,
        rttMs: n.rttMs,
        failures: n.failures,
        inFlightBytes: n.inFlightBytes,
      });
    }
    return out;
  }

  async #fetchOrigin(load: PartLoad): Promise<LoadedPart> {
    if (load.url === null) throw new Error('no origin URL for this part');
    const startedAt = this.now();
    const response = await this.#deps.fetch(load.url, { signal: load.controller.signal });
    if (!response.ok) throw new Error(`origin answered ${response.status} for ${load.url}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const transferMs = this.now() - startedAt;
    this.#counters.bytesFromOrigin += bytes.length;
    this.#counters.partsFromOrigin++;
    const sha = await this.#deps.sha256Hex(bytes);
    const hash = this.#hub.hashes.get(load.key);
    if (hash !== undefined) {
      if (hash.sha256 !== sha || hash.size !== bytes.length) throw new Error(`origin bytes of ${load.id} do not match the hub's hash`);
      this.#accept(load.key, bytes, 'origin', transferMs);
    } else {
      // Not relayable until the hub's hash confirms it (#onHashes).
      if (this.#pendingOrigin.size >= MAX_PENDING_ORIGIN) {
        const oldest = this.#pendingOrigin.keys().next().value;
        if (oldest !== undefined) this.#pendingOrigin.delete(oldest);
      }
      this.#pendingOrigin.set(load.id, { key: load.key, bytes, sha256: sha, transferMs });
    }
    return { bytes, source: 'origin', transferMs };
  }

  #requestFromPeer(n: Neighbour, load: PartLoad, hash: PartHash, timeoutMs: number): Promise<Uint8Array> {
    const ourIndex = this.#renditions.indexOf(load.key.rendition);
    if (ourIndex < 0) return Promise.reject(new PeerRequestError('absent', 'rendition not in our HELLO'));
    return new Promise<Uint8Array>((resolve, reject) => {
      const requestId = n.nextRequestId();
      let timer: unknown = null;
      const finish = (): void => {
        if (timer !== null) this.#deps.timers.clearTimeout(timer);
        load.controller.signal.removeEventListener('abort', onAbort);
        load.deadlineMoved = null;
        n.downloads.delete(requestId);
      };
      const onAbort = (): void => {
        finish();
        n.link.send({ type: 'cancel', requestId });
        reject(abortError());
      };
      const download: PeerDownload = {
        requestId,
        key: load.key,
        expectedSize: hash.size,
        assembly: new PartAssembly(),
        startedAtMs: this.now(),
        firstByteAtMs: null,
        resolve: (bytes) => {
          finish();
          resolve(bytes);
        },
        reject: (error) => {
          finish();
          reject(error);
        },
      };
      const arm = (ms: number): void => {
        if (timer !== null) this.#deps.timers.clearTimeout(timer);
        timer = this.#deps.timers.setTimeout(() => {
          timer = null;
          n.link.send({ type: 'cancel', requestId });
          download.reject(new PeerRequestError('timeout', `${n.peerId} did not deliver ${load.id} in time`));
        }, ms);
      };
      arm(timeoutMs);
      let expiresAt = this.now() + timeoutMs;
      // A prefetch or an elected early fetch that the player now wants sooner: the request must
      // still give up in time for the origin to make the new deadline.
      load.deadlineMoved = () => {
        const latest = load.deadlineMs - this.config.urgentWindowMs;
        if (latest < expiresAt) {
          expiresAt = latest;
          arm(Math.max(0, latest - this.now()));
        }
      };
      load.controller.signal.addEventListener('abort', onAbort);
      n.downloads.set(requestId, download);
      const priority = load.prefetch ? 3 : load.deadlineMs - this.now() < 2 * this.config.urgentWindowMs ? 0 : 1;
      const sent = n.link.send({ type: 'request', requestId, rendition: ourIndex, msn: load.key.msn, part: load.key.part, priority });
      if (!sent) download.reject(new PeerRequestError('closed', 'channel not open'));
    });
  }

  async #onData(n: Neighbour, message: Extract<PeerMessage, { type: 'data' }>): Promise<void> {
    const d = n.downloads.get(message.requestId);
    if (d === undefined) return; // cancelled: pieces in flight are dropped (protocol step 5)
    d.firstByteAtMs ??= this.now();
    const result = d.assembly.add(message.offset, message.total, message.payload);
    if (result === 'more') return;
    if (result === 'malformed' || message.total !== d.expectedSize) {
      d.reject(new PeerRequestError('bad', 'inconsistent pieces'));
      this.#badPeer(n, `pieces of ${partKeyId(d.key)} out of order or of the wrong size`);
      return;
    }
    n.downloads.delete(d.requestId);
    const bytes = d.assembly.bytes;
    const sha = await this.#deps.sha256Hex(bytes);
    const hash = this.#hub.hashes.get(d.key);
    if (hash === undefined || hash.sha256 !== sha) {
      d.reject(new PeerRequestError('bad', 'hash mismatch'));
      if (hash !== undefined) this.#badPeer(n, `SHA-256 mismatch on ${partKeyId(d.key)}`);
      return;
    }
    n.measure(d, this.now());
    this.#counters.bytesFromPeers += bytes.length;
    this.#counters.partsFromPeers++;
    this.#slots.recordReceived(n.peerId, bytes.length, this.now());
    n.failures = Math.max(0, n.failures - 1);
    this.#accept(d.key, bytes, 'peer', this.now() - d.startedAtMs);
    d.resolve(bytes);
  }

  /** Verified bytes: store, announce, complete the segment. */
  #accept(key: PartKey, bytes: Uint8Array, source: PartSource, transferMs: number): void {
    if (this.#store.has(key)) return;
    const id = partKeyId(key);
    for (const evicted of this.#store.put(key, bytes)) this.#sources.delete(partKeyId(evicted));
    if (!this.#store.has(key)) return;
    this.#sources.set(id, { source, transferMs });
    this.#pendingOrigin.delete(id);
    this.#announce(key);
    if (key.part !== WHOLE_SEGMENT) void this.#tryCompleteSegment(key.rendition, key.msn);
    this.#wakeAll();
  }

  #heldPart(key: PartKey): LoadedPart | undefined {
    const bytes = this.#store.get(key);
    if (bytes === undefined) return undefined;
    const origin = this.#sources.get(partKeyId(key));
    return { bytes, source: origin?.source ?? 'peer', transferMs: origin?.transferMs ?? 0 };
  }

  async #tryCompleteSegment(rendition: string, msn: number): Promise<void> {
    const segmentKey = { rendition, msn, part: WHOLE_SEGMENT };
    const hash = this.#hub.hashes.get(segmentKey);
    if (hash === undefined || this.#store.has(segmentKey)) return;
    const assembled = this.#store.assembleSegment(rendition, msn, hash.size);
    if (assembled === undefined) return;
    const sha = await this.#deps.sha256Hex(assembled.bytes);
    if (sha !== hash.sha256 || this.#store.has(segmentKey)) return;
    try {
      this.#store.markSegmentComplete(rendition, msn, assembled.parts);
    } catch {
      return; // a part was evicted meanwhile
    }
    let transferMs = 0;
    for (let part = 0; part < assembled.parts; part++) transferMs += this.#sources.get(partKeyId({ rendition, msn, part }))?.transferMs ?? 0;
    const source = this.#sources.get(partKeyId({ rendition, msn, part: 0 }))?.source ?? 'peer';
    this.#sources.set(partKeyId(segmentKey), { source, transferMs });
    this.#announce(segmentKey);
    this.#wakeAll();
  }

  #announce(key: PartKey): void {
    const index = this.#renditions.indexOf(key.rendition);
    if (index < 0) return;
    for (const n of this.#neighbours.values()) {
      if (n.isReady) n.link.send({ type: 'have', rendition: index, msn: key.msn, part: key.part });
    }
  }

  readonly #onHashes = (hashes: readonly PartHash[]): void => {
    for (const h of hashes) {
      const id = partKeyId(h);
      const pending = this.#pendingOrigin.get(id);
      if (pending !== undefined) {
        this.#pendingOrigin.delete(id);
        if (pending.sha256 === h.sha256 && pending.bytes.length === h.size) this.#accept(pending.key, pending.bytes, 'origin', pending.transferMs);
      }
      if (h.part === WHOLE_SEGMENT) void this.#tryCompleteSegment(h.rendition, h.msn);
      this.#fetchIfElected(h);
    }
    this.#wakeAll();
    this.#considerPrefetch();
  };

  /**
   * The hub announces a new part (at ingest, as the playlist reveals it): if this viewer is the one
   * its neighbourhood elects to fetch it from the origin, it does so now rather than when its own
   * player gets round to asking, so neighbours whose players ask first are not left waiting for it.
   */
  #fetchIfElected(h: PartHash): void {
    const playing = this.#playing;
    if (playing === null || playing.urlFolder === '' || h.rendition !== playing.rendition || h.msn < playing.msn) return;
    if ((h.part === WHOLE_SEGMENT) !== playing.wholeSegments) return;
    const id = partKeyId(h);
    if (this.#loads.has(id) || this.#store.has(h)) return;
    const electors = this.#candidates(h).filter((p) => p.activeOnRendition);
    const self = this.#hub.peerId;
    if (electors.length === 0 || self === null) return;
    if (!isElectedForOrigin({ peerId: self, uploadKbps: this.config.uploadKbps }, electors, h, this.config.originFetchersPerPart)) return;
    const name = h.part === WHOLE_SEGMENT ? `${h.msn}.m4s` : `${h.msn}.${h.part}.m4s`;
    this.#startLoad({ rendition: h.rendition, msn: h.msn, part: h.part }, this.now() + ELECTED_FETCH_SLACK_MS, false, playing.urlFolder + name);
  }

  #considerPrefetch(): void {
    const playing = this.#playing;
    if (playing === null || this.#destroyed) return;
    let inFlight = 0;
    for (const l of this.#loads.values()) if (l.prefetch) inFlight++;
    const slots = this.config.maxPrefetchInFlight - inFlight;
    if (slots <= 0) return;
    const holders = new Map<string, { key: PartKey; holders: number }>();
    const maxMsn = playing.msn + this.config.prefetchWindowSegments;
    for (const n of this.#neighbours.values()) {
      if (!n.isReady || n.chokesUs || n.holdings === null) continue;
      for (const key of n.holdings.announced(playing.rendition, playing.msn)) {
        if (key.part === WHOLE_SEGMENT || key.msn > maxMsn) continue;
        const id = partKeyId(key);
        if (this.#loads.has(id) || this.#store.has(key) || this.#hub.hashes.get(key) === undefined) continue;
        const entry = holders.get(id);
        if (entry === undefined) holders.set(id, { key, holders: 1 });
        else entry.holders++;
      }
    }
    const deadline = this.now() + 4 * this.config.requestTimeoutMs;
    for (const key of this.#scheduler.pickPrefetch([...holders.values()], slots)) this.#startLoad(key, deadline, true, null);
  }

  // ---- neighbours ----

  readonly #onJoined = (joined: JoinResult): void => {
    // A rejoin comes with a new peer id: links made under the old one are stale.
    for (const n of [...this.#neighbours.values()]) n.link.close('local');
    this.#renditions = joined.renditions;
    for (const p of joined.neighbours.slice(0, this.config.maxNeighbours)) {
      if (p.peerId !== joined.peerId) this.#connect(p.peerId, true);
    }
  };

  #connect(peerId: string, initiator: boolean): Neighbour | null {
    const joined = this.#hub.joinResult;
    const stream = this.#stream;
    if (joined === null || stream === null || this.#neighbours.has(peerId) || this.#renditions.length === 0) return null;
    const link = new PeerLink({
      remotePeerId: peerId,
      initiator,
      hello: { type: 'hello', stream, renditions: this.#renditions.slice(0, 8), uploadKbps: this.config.uploadKbps, isSeed: false },
      settings: joined,
      createPeerConnection: this.#deps.createPeerConnection,
      highWaterMarkBytes: this.config.channelHighWaterMarkBytes,
      lowWaterMarkBytes: this.config.channelLowWaterMarkBytes,
    });
    const n = new Neighbour(peerId, link, initiator, (this.config.perPeerUploadCapKbps * 1000) / 8, this.now());
    this.#neighbours.set(peerId, n);
    link.events.on('signal', (s) => void this.#hub.signal(peerId, s.kind, s.payload).catch(() => undefined));
    link.events.on('ready', (hello) => this.#onReady(n, hello));
    link.events.on('message', (m) => this.#onMessage(n, m));
    link.events.on('malformed', (code) => this.#badPeer(n, `malformed message (${code})`));
    link.events.on('drain', () => this.#pump(n));
    link.events.on('closed', (reason) => this.#onClosed(n, reason));
    n.connectTimer = this.#deps.timers.setTimeout(() => {
      n.connectTimer = null;
      if (!n.isReady) link.close('timeout');
    }, this.config.connectTimeoutMs);
    void link.start();
    return n;
  }

  async #onSignal(from: string, kind: string, payload: string): Promise<void> {
    if (this.#destroyed) return;
    let n = this.#neighbours.get(from);
    if (kind === 'offer') {
      if (n !== undefined && n.initiator && !n.isReady) {
        // Both offered at once: the smaller peer id keeps its own offer.
        if ((this.#hub.peerId ?? '') < from) return;
        n.link.close('local');
        n = undefined;
      }
      if (n === undefined) {
        if (this.#neighbours.size >= this.config.maxNeighbours) {
          await this.#hub.signal(from, 'bye', '').catch(() => undefined);
          return;
        }
        n = this.#connect(from, false) ?? undefined;
      }
    }
    await n?.link.handleSignal(kind, payload);
  }

  #onReady(n: Neighbour, hello: NonNullable<Neighbour['hello']>): void {
    if (n.connectTimer !== null) this.#deps.timers.clearTimeout(n.connectTimer);
    n.connectTimer = null;
    n.greeted(hello);
    // BITFIELD per rendition held, then the parts of the newest segments (a BITFIELD only covers
    // whole segments, and the newest parts are what a live neighbour wants).
    for (const [index, rendition] of this.#renditions.entries()) {
      const bitfield = heldBitfield(this.#store.wholeSegments(rendition));
      if (bitfield !== null) n.link.send({ type: 'bitfield', rendition: index, ...bitfield });
      const newest = this.#hub.hashes.newestMsn(rendition);
      if (newest === undefined) continue;
      for (let msn = Math.max(0, newest - HAVE_REPLAY_SEGMENTS + 1); msn <= newest; msn++) {
        for (let part = 0; part <= MAX_PART_INDEX; part++) {
          const key = { rendition, msn, part };
          if (this.#hub.hashes.get(key) === undefined) break;
          if (this.#store.has(key)) n.link.send({ type: 'have', rendition: index, msn, part });
        }
      }
    }
    this.#slots.addPeer(n.peerId, this.now());
    this.#rechoke();
    this.events.emit('peer-connected', { peerId: n.peerId, uploadKbps: hello.uploadKbps, isSeed: hello.isSeed });
    this.#wakeAll();
  }

  #onMessage(n: Neighbour, m: PeerMessage): void {
    switch (m.type) {
      case 'have': {
        const name = n.renditionName(m.rendition);
        if (name === undefined) return;
        n.holdings?.applyHave(name, m.msn, m.part);
        this.#wakeAll();
        this.#considerPrefetch();
        return;
      }
      case 'bitfield': {
        const name = n.renditionName(m.rendition);
        if (name !== undefined) n.holdings?.applyBitfield(name, m);
        this.#wakeAll();
        return;
      }
      case 'request':
        this.#onRequest(n, m);
        return;
      case 'data':
        void this.#onData(n, m);
        return;
      case 'cancel':
        n.queue.cancel(m.requestId);
        return;
      case 'choke':
        n.chokesUs = true;
        return;
      case 'unchoke':
        n.chokesUs = false;
        this.#wakeAll();
        this.#considerPrefetch();
        return;
      case 'absent': {
        const d = n.downloads.get(m.requestId);
        if (d === undefined) return;
        if (m.reason === AbsentReason.NotHeld || m.reason === AbsentReason.Evicted) n.holdings?.forget(d.key);
        if (m.reason === AbsentReason.Choked) n.chokesUs = true;
        d.reject(new PeerRequestError('absent', `ABSENT reason ${m.reason}`));
        return;
      }
      case 'hello':
        return;
    }
  }

  #onRequest(n: Neighbour, m: Extract<PeerMessage, { type: 'request' }>): void {
    if (!this.#slots.isUnchoked(n.peerId)) {
      n.link.send({ type: 'absent', requestId: m.requestId, reason: AbsentReason.Choked });
      return;
    }
    const name = n.renditionName(m.rendition);
    const bytes = name === undefined ? undefined : this.#store.get({ rendition: name, msn: m.msn, part: m.part });
    if (bytes === undefined) {
      n.link.send({ type: 'absent', requestId: m.requestId, reason: AbsentReason.NotHeld });
      return;
    }
    // Neighbours we are still sending to: queued pieces, or bytes not yet out of the channel's
    // buffer (the pump fills it up to the high-water mark at once, so the queue alone drains early).
    let uploading = 0;
    for (const other of this.#neighbours.values()) {
      if (other !== n && (other.queue.size > 0 || other.link.bufferedAmount > 0)) uploading++;
    }
    if (uploading >= this.config.maxConcurrentUploads || !n.queue.enqueue(m.requestId, bytes, m.priority)) {
      n.link.send({ type: 'absent', requestId: m.requestId, reason: AbsentReason.Busy });
      return;
    }
    this.#pump(n);
  }

  /** Sends queued pieces while the channel's buffer is below the high-water mark. */
  #pump(n: Neighbour): void {
    if (n.pumpTimer !== null || n.link.isClosed) return;
    while (n.link.canSend) {
      const next = n.queue.next(this.now());
      if (next === null) return;
      if ('waitMs' in next) {
        n.pumpTimer = this.#deps.timers.setTimeout(() => {
          n.pumpTimer = null;
          this.#pump(n);
        }, next.waitMs);
        return;
      }
      if (!n.link.send({ type: 'data', requestId: next.requestId, offset: next.offset, total: next.total, payload: next.payload })) return;
      this.#counters.bytesToPeers += next.payload.length;
    }
  }

  #rechoke(): void {
    const { choke, unchoke } = this.#slots.rechoke(this.now());
    for (const peerId of choke) {
      const n = this.#neighbours.get(peerId);
      if (n === undefined) continue;
      n.link.send({ type: 'choke' });
      for (const requestId of n.queue.clear()) n.link.send({ type: 'absent', requestId, reason: AbsentReason.Choked });
    }
    for (const peerId of unchoke) this.#neighbours.get(peerId)?.link.send({ type: 'unchoke' });
  }

  #checkNeighbours(): void {
    if (this.#hub.joinResult === null) return;
    for (const n of [...this.#neighbours.values()]) {
      if (n.failures >= this.config.maxPeerFailures) n.link.close('local');
      else n.failures = n.failures / 2;
    }
    const count = this.#neighbours.size;
    if (count >= this.config.minNeighbours) return;
    this.#hub
      .requestNeighbours(this.config.maxNeighbours - count)
      .then((peers) => {
        const self = this.#hub.peerId;
        for (const p of peers) {
          if (this.#neighbours.size >= this.config.maxNeighbours) break;
          if (p.peerId !== self) this.#connect(p.peerId, true);
        }
      })
      .catch(() => undefined);
  }

  #badPeer(n: Neighbour, reason: string): void {
    if (n.link.isClosed) return;
    this.#counters.badPeers++;
    this.events.emit('bad-peer', { peerId: n.peerId, reason });
    this.#hub.reportBadPeer(n.peerId, reason).catch(() => undefined);
    n.link.close('protocol');
  }

  #onClosed(n: Neighbour, reason: LinkCloseReason): void {
    if (this.#neighbours.get(n.peerId) === n) this.#neighbours.delete(n.peerId);
    if (n.connectTimer !== null) this.#deps.timers.clearTimeout(n.connectTimer);
    if (n.pumpTimer !== null) this.#deps.timers.clearTimeout(n.pumpTimer);
    n.queue.clear();
    n.failAll(new PeerRequestError('closed', `link closed (${reason})`));
    this.#slots.removePeer(n.peerId);
    if (n.hello !== null && !this.#destroyed) this.events.emit('peer-disconnected', { peerId: n.peerId, reason });
    this.#wakeAll();
  }

  #every(ms: number, fn: () => void): void {
    const tick = (): void => {
      this.#timers.delete(handle);
      if (this.#destroyed) return;
      fn();
      handle = this.#deps.timers.setTimeout(tick, ms);
      this.#timers.add(handle);
    };
    let handle = this.#deps.timers.setTimeout(tick, ms);
    this.#timers.add(handle);
  }
}

/** Read through a function so that TypeScript does not keep an earlier narrowing of `aborted`. */
function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

function isBrowserComplete(deps: Partial<SwarmEngineDeps>): boolean {
  return (
    deps.createPeerConnection !== undefined && deps.connectHub !== undefined && deps.fetch !== undefined &&
    deps.sha256Hex !== undefined && deps.now !== undefined && deps.timers !== undefined && deps.random !== undefined
  );
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] !== undefined) out[key] = value[key];
  return out;
}
