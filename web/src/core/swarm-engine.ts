import { MAX_PART_INDEX, WHOLE_SEGMENT, type PeerMessage } from './protocol/index.js';
import { abortError, isAborted, raceAbort } from './abortable.js';
import { HubClient, isReportableRendition, type JoinResult } from './hub-client.js';
import type { Neighbour } from './neighbour.js';
import { Neighbourhood } from './neighbourhood.js';
import type { PartHash } from './part-hashes.js';
import { partKeyId, type PartKey } from './part-key.js';
import { PartLoads } from './part-loads.js';
import type { LoadedPart, PartRequest } from './part-request.js';
import { PartUploader } from './part-uploader.js';
import { PeerDownloader } from './peer-downloader.js';
import { Prefetcher } from './prefetcher.js';
import { PartScheduler, type OriginReason } from './scheduler.js';
import { resolveSwarmConfig, type SwarmConfig } from './swarm-config.js';
import { resolveSwarmDeps, type SwarmEngineDeps } from './swarm-engine-deps.js';
import type { SwarmEngineEvents } from './swarm-engine-events.js';
import { zeroSwarmCounters, type PlaybackReport, type SwarmStats } from './swarm-stats.js';
import { TypedEmitter } from './typed-emitter.js';
import { UploadSlots } from './upload-slots.js';
import { VerifiedParts } from './verified-parts.js';

// The engine's vocabulary lives in files of its own; re-exported so `./swarm-engine.js` keeps
// offering what it always did.
export { browserSwarmDeps, type SwarmEngineDeps } from './swarm-engine-deps.js';
export type { LoadedPart, PartRequest, PartSource } from './part-request.js';
export type { PlaybackReport, SwarmStats } from './swarm-stats.js';
export type { SwarmEngineEvents } from './swarm-engine-events.js';

export interface SwarmStartOptions {
  /** The hub URL, e.g. `https://host/hubs/swarm`. */
  readonly hubUrl: string;
  readonly stream: string;
}

/**
 * The browser swarm engine: joins the hub (and keeps rejoining), keeps up to `maxNeighbours` data
 * channels (`neighbourhood.ts`), answers `loadPart` from memory, peers or the origin (`part-loads.ts`,
 * policy in `scheduler.ts`), checks every byte against the hub's SHA-256 before it is returned,
 * stored, announced or relayed (`peer-downloader.ts`, `verified-parts.ts`), fetches ahead what it
 * is elected for or neighbours announce (`prefetcher.ts`), and serves verified parts to neighbours
 * as soon as they are whole (`part-uploader.ts`).
 */
export class SwarmEngine {
  readonly events = new TypedEmitter<SwarmEngineEvents>();
  readonly config: SwarmConfig;
  readonly #deps: SwarmEngineDeps;
  readonly #hub: HubClient;
  readonly #parts: VerifiedParts;
  readonly #slots: UploadSlots;
  readonly #neighbourhood: Neighbourhood;
  readonly #uploader: PartUploader;
  readonly #downloader: PeerDownloader;
  readonly #loads: PartLoads;
  readonly #prefetcher: Prefetcher;
  readonly #timers = new Set<unknown>();
  readonly #counters = zeroSwarmCounters();
  #stream: string | null = null;
  #playback: PlaybackReport = { stalls: 0, stallSeconds: 0, latencySeconds: 0 };
  #destroyed = false;

  constructor(config: Partial<SwarmConfig> = {}, deps: Partial<SwarmEngineDeps> = {}) {
    this.config = resolveSwarmConfig(config);
    const d = (this.#deps = resolveSwarmDeps(deps));
    const c = this.config;
    const now = (): number => d.now();
    this.#hub = new HubClient({ connect: d.connectHub, timers: d.timers, reconnectDelaysMs: c.reconnectDelaysMs, statsIntervalMs: c.statsIntervalMs });
    const hub = this.#hub;
    this.#parts = new VerifiedParts(c.storeBudgetBytes, hub.hashes, d.sha256Hex, (key) => this.#onVerified(key));
    this.#slots = new UploadSlots(c, d.random);
    const base = { config: c, hub, parts: this.#parts, counters: this.#counters, events: this.events };
    this.#neighbourhood = new Neighbourhood({
      ...base,
      deps: d,
      onMessage: (n, m) => this.#onMessage(n, m),
      onDrain: (n) => this.#uploader.pump(n),
      onGreeted: (n) => {
        this.#slots.addPeer(n.peerId, now());
        this.#uploader.rechoke();
        this.#loads.wakeAll();
      },
      onClosed: (n) => {
        n.queue.clear();
        this.#downloader.closed(n, 'link closed');
        this.#slots.removePeer(n.peerId);
        this.#loads.wakeAll();
      },
    });
    const neighbourhood = this.#neighbourhood;
    this.#uploader = new PartUploader({
      ...base,
      now,
      timers: d.timers,
      slots: this.#slots,
      neighbours: () => neighbourhood.all(),
      neighbour: (peerId) => neighbourhood.get(peerId),
    });
    this.#downloader = new PeerDownloader({
      ...base,
      now,
      timers: d.timers,
      sha256Hex: d.sha256Hex,
      hashes: hub.hashes,
      slots: this.#slots,
      renditions: () => neighbourhood.renditions,
      badPeer: (n, reason) => neighbourhood.badPeer(n, reason),
    });
    const scheduler = new PartScheduler(c);
    this.#loads = new PartLoads({ ...base, deps: d, scheduler, neighbourhood, downloader: this.#downloader });
    this.#prefetcher = new Prefetcher({ ...base, now, scheduler, neighbourhood, loads: this.#loads });

    hub.statsSource = () => this.stats;
    hub.events.on('joined', (joined) => this.#onJoined(joined));
    hub.events.on('disconnected', (e) => this.events.emit('hub-disconnected', e));
    hub.events.on('signal', (s) => void neighbourhood.signal(s.from, s.kind, s.payload));
    hub.events.on('part-hashes', (hashes) => this.#onHashes(hashes));
    hub.events.on('peer-left', (peerId) => neighbourhood.get(peerId)?.link.close('bye'));
    hub.events.on('stream-ended', (stream) => this.events.emit('stream-ended', stream));
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
    return this.#neighbourhood.ready.map((n) => n.peerId);
  }

  get stats(): SwarmStats {
    const rendition = this.#prefetcher.playingRendition;
    return {
      ...this.#counters,
      ...this.#playback,
      peers: this.#neighbourhood.ready.length,
      storeBytes: this.#parts.store.sizeBytes,
      ...(rendition !== null && isReportableRendition(rendition) ? { rendition } : {}),
    };
  }

  /**
   * Joins the swarm. Resolves once joined. If the first attempt fails it rejects, and the engine
   * keeps trying with the `reconnectDelaysMs` back-off (as after a dropped connection) until it
   * joins or is destroyed; `loadPart` works from the origin alone meanwhile. `hub-joined` and
   * `hub-disconnected` tell how it goes.
   */
  async start(options: SwarmStartOptions): Promise<void> {
    if (this.#stream !== null) throw new Error('SwarmEngine.start called twice');
    if (this.#destroyed) throw new Error('SwarmEngine destroyed');
    this.#stream = options.stream;
    this.#every(this.config.rechokeIntervalMs, () => this.#uploader.rechoke());
    this.#every(this.config.neighbourCheckIntervalMs, () => this.#neighbourhood.check());
    this.#every(this.config.statsIntervalMs, () => this.events.emit('stats', this.stats));
    await this.#hub.start({
      hubUrl: options.hubUrl,
      stream: options.stream,
      uploadKbps: this.config.uploadKbps,
      maxNeighbours: this.config.maxNeighbours,
    });
  }

  /** When not joined and waiting out the back-off, tries to join at once (the stream is known to be live). */
  rejoinNow(): void {
    if (!this.#destroyed) this.#hub.retryNow();
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
    this.#prefetcher.playerAsked(request);

    const held = this.#parts.held(key);
    if (held !== undefined) return this.#delivered(key, held, request.deadlineMs, startedAt, null);

    const id = partKeyId(key);
    let load = this.#loads.get(id);
    if (load === undefined) load = this.#loads.start(key, request.deadlineMs, false, request.url);
    else load.wantedBy(request.url, request.deadlineMs);
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
    this.#loads.abortAll();
    this.#neighbourhood.closeAll();
    this.#hub.destroy();
    this.#parts.clear();
    this.events.clear();
  }

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

  /** A part (or segment) newly verified and stored: tell the neighbours, wake the loads waiting for it. */
  #onVerified(key: PartKey): void {
    this.#neighbourhood.announce(key);
    this.#loads.wakeAll();
  }

  #onJoined(joined: JoinResult): void {
    const stream = this.#stream;
    if (stream === null || this.#destroyed) return;
    this.#neighbourhood.joined(stream, joined);
    this.events.emit('hub-joined', { peerId: joined.peerId, neighbours: joined.neighbours.length });
  }

  #onHashes(hashes: readonly PartHash[]): void {
    for (const h of hashes) {
      this.#parts.hashArrived(h);
      this.#prefetcher.fetchIfElected(h);
    }
    this.#loads.wakeAll();
    this.#prefetcher.consider();
  }

  #onMessage(n: Neighbour, m: PeerMessage): void {
    switch (m.type) {
      case 'have': {
        const name = n.renditionName(m.rendition);
        if (name === undefined) return;
        n.holdings?.applyHave(name, m.msn, m.part);
        this.#loads.wakeAll();
        this.#prefetcher.consider();
        return;
      }
      case 'bitfield': {
        const name = n.renditionName(m.rendition);
        if (name !== undefined) n.holdings?.applyBitfield(name, m);
        this.#loads.wakeAll();
        return;
      }
      case 'request':
        this.#uploader.request(n, m);
        return;
      case 'data':
        void this.#downloader.data(n, m);
        return;
      case 'cancel':
        this.#uploader.cancel(n, m.requestId);
        return;
      case 'choke':
        n.chokesUs = true;
        return;
      case 'unchoke':
        n.chokesUs = false;
        this.#loads.wakeAll();
        this.#prefetcher.consider();
        return;
      case 'absent':
        this.#downloader.absent(n, m);
        return;
      case 'hello':
        return;
    }
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
