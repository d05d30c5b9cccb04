import { HubConnectionBuilder, LogLevel } from '@microsoft/signalr';
import type { IceSettings } from './peer-link.js';
import { PartHashes, type PartHash } from './part-hashes.js';
import { TypedEmitter } from './typed-emitter.js';

/** `PeerInfo` of docs/signalling.md. */
export interface PeerInfo {
  readonly peerId: string;
  readonly uploadKbps: number;
  readonly neighbours: number;
}

/** `JoinResult` of docs/signalling.md. */
export interface JoinResult extends IceSettings {
  readonly peerId: string;
  readonly neighbours: readonly PeerInfo[];
  readonly hashes: readonly PartHash[];
  /** The master playlist's order: index i here is rendition i in our HELLO. */
  readonly renditions: readonly string[];
}

/** `StatsReport` of docs/signalling.md, cumulative since join. */
export interface StatsReport {
  readonly bytesFromPeers: number;
  readonly bytesFromOrigin: number;
  readonly bytesToPeers: number;
  readonly partsOnTime: number;
  readonly partsLate: number;
  readonly stalls: number;
  readonly stallSeconds: number;
  readonly latencySeconds: number;
  readonly peers: number;
  /**
   * The rendition being played, so the hub can assign origin fetchers among its viewers; absent
   * before the player asked for a part, and when the name is not one the hub accepts
   * ({@link isReportableRendition}).
   */
  readonly rendition?: string;
}

/** The hub refuses a whole report whose rendition is not 1–32 characters of a-z, A-Z, 0-9, '_' or '-'. */
export function isReportableRendition(name: string): boolean {
  return /^[A-Za-z0-9_-]{1,32}$/.test(name);
}

/** A signal relayed from another peer. */
export interface SignalEnvelope {
  readonly from: string;
  readonly kind: string;
  readonly payload: string;
}

/** The part of `@microsoft/signalr`'s `HubConnection` the client uses. */
export interface HubConnectionLike {
  start(): Promise<void>;
  stop(): Promise<void>;
  invoke<T = unknown>(method: string, ...args: unknown[]): Promise<T>;
  on(method: string, handler: (...args: never[]) => void): void;
  onclose(callback: (error?: Error) => void): void;
}

export type HubConnectionFactory = (hubUrl: string) => HubConnectionLike;

/** SignalR over WebSockets first, JSON protocol, as the hub expects. */
export const signalRHubConnectionFactory: HubConnectionFactory = (hubUrl) =>
  new HubConnectionBuilder().withUrl(hubUrl).configureLogging(LogLevel.Warning).build() as unknown as HubConnectionLike;

export interface HubClientEvents {
  /** Joined (or joined again after a reconnect, with a new peer id: old links are stale). */
  joined: JoinResult;
  signal: SignalEnvelope;
  /** Hashes the client did not know yet (from Join or a `PartHashes` push). */
  'part-hashes': readonly PartHash[];
  'peer-left': string;
  'stream-ended': string;
  /** The connection dropped or a join failed; a retry is scheduled unless the stream ended or the client was destroyed. */
  disconnected: { readonly error: string | null; readonly retryInMs: number | null };
}

export interface HubClientTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface HubJoinOptions {
  readonly hubUrl: string;
  readonly stream: string;
  readonly uploadKbps: number;
  readonly maxNeighbours: number;
}

/**
 * The viewer's side of the swarm hub (docs/signalling.md): join, signal relay, neighbour
 * suggestions, the authoritative part hashes (kept in {@link hashes}), stats every
 * `statsIntervalMs`, peer-left and stream-ended. A dropped connection is re-established with the
 * delays of `reconnectDelaysMs` and joined again (the hub forgets a peer with its connection).
 */
export class HubClient {
  readonly events = new TypedEmitter<HubClientEvents>();
  /** (rendition, msn, part) → { sha256, size }, from Join and every `PartHashes` push. */
  readonly hashes = new PartHashes();
  readonly #connect: HubConnectionFactory;
  readonly #timers: HubClientTimers;
  readonly #reconnectDelaysMs: readonly number[];
  readonly #statsIntervalMs: number;
  #options: HubJoinOptions | null = null;
  #connection: HubConnectionLike | null = null;
  #joined: JoinResult | null = null;
  #statsSource: (() => StatsReport) | null = null;
  #statsTimer: unknown = null;
  #reconnectTimer: unknown = null;
  #attempt = 0;
  #ended = false;
  #destroyed = false;

  constructor(options: {
    readonly connect: HubConnectionFactory;
    readonly timers: HubClientTimers;
    readonly reconnectDelaysMs: readonly number[];
    readonly statsIntervalMs: number;
  }) {
    this.#connect = options.connect;
    this.#timers = options.timers;
    this.#reconnectDelaysMs = options.reconnectDelaysMs;
    this.#statsIntervalMs = options.statsIntervalMs;
  }

  get peerId(): string | null {
    return this.#joined?.peerId ?? null;
  }

  get joinResult(): JoinResult | null {
    return this.#joined;
  }

  get streamEnded(): boolean {
    return this.#ended;
  }

  /** What `ReportStats` sends every `statsIntervalMs` while joined. */
  set statsSource(source: (() => StatsReport) | null) {
    this.#statsSource = source;
  }

  /**
   * Connects and joins. Rejects when the first attempt fails, and then keeps trying with the
   * `reconnectDelaysMs` back-off, as after a dropped connection (a stream that is not live yet, a
   * hub restarting): `disconnected` says when the next attempt is, `joined` when one succeeds.
   */
  async start(options: HubJoinOptions): Promise<JoinResult> {
    if (this.#options !== null) throw new Error('HubClient.start called twice');
    this.#options = options;
    try {
      return await this.#connectAndJoin();
    } catch (e) {
      this.#onClosed(e instanceof Error ? e.message : String(e));
      throw e;
    }
  }

  /**
   * Skips the back-off: when a retry is pending (not joined), tries at once. For a page that
   * learns by other means that the stream is live again.
   */
  retryNow(): void {
    if (this.#destroyed || this.#joined !== null || this.#reconnectTimer === null) return;
    this.#timers.clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = null;
    this.#connectAndJoin().catch((e: unknown) => this.#onClosed(e instanceof Error ? e.message : String(e)));
  }

  async signal(to: string, kind: string, payload: string): Promise<void> {
    await this.#invoke('Signal', { to, kind, payload });
  }

  async requestNeighbours(count: number): Promise<readonly PeerInfo[]> {
    const result = await this.#invoke<PeerInfo[]>('RequestNeighbours', Math.max(1, Math.min(16, Math.round(count))));
    return Array.isArray(result) ? result.filter(isPeerInfo) : [];
  }

  async reportBadPeer(peerId: string, reason: string): Promise<void> {
    await this.#invoke('ReportBadPeer', { peerId, reason: reason.slice(0, 200) });
  }

  async reportStats(report: StatsReport): Promise<void> {
    await this.#invoke('ReportStats', report);
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#clearTimers();
    const c = this.#connection;
    const wasJoined = this.#joined !== null;
    this.#connection = null;
    this.#joined = null;
    if (c !== null) {
      // The last numbers first: the hub adds a leaving peer's last report to the stream's totals,
      // so without it up to one stats interval of the viewer's bytes would be missing there.
      const source = this.#statsSource;
      const last = wasJoined && source !== null ? c.invoke('ReportStats', source()).catch(() => undefined) : Promise.resolve(undefined);
      void last
        .then(() => c.invoke('Leave'))
        .catch(() => undefined)
        .finally(() => void c.stop().catch(() => undefined));
    }
    this.events.clear();
  }

  async #invoke<T>(method: string, ...args: unknown[]): Promise<T | undefined> {
    const c = this.#connection;
    if (c === null || this.#joined === null) return undefined;
    return c.invoke<T>(method, ...args);
  }

  async #connectAndJoin(): Promise<JoinResult> {
    const options = this.#options;
    if (options === null) throw new Error('not started');
    const c = this.#connect(options.hubUrl);
    c.on('Signal', (envelope: SignalEnvelope) => {
      if (this.#connection === c && isSignalEnvelope(envelope)) this.events.emit('signal', envelope);
    });
    c.on('PartHashes', (hashes: PartHash[]) => {
      if (this.#connection !== c || !Array.isArray(hashes)) return;
      const added = this.hashes.add(hashes);
      // New parts after StreamEnded: the broadcaster is back under the same name.
      if (added.length > 0) this.#ended = false;
      if (added.length > 0) this.events.emit('part-hashes', added);
    });
    c.on('PeerLeft', (peerId: string) => {
      if (this.#connection === c && typeof peerId === 'string') this.events.emit('peer-left', peerId);
    });
    c.on('StreamEnded', (stream: string) => {
      if (this.#connection !== c) return;
      this.#ended = true;
      this.events.emit('stream-ended', typeof stream === 'string' ? stream : options.stream);
    });
    c.onclose((error) => {
      if (this.#connection === c) this.#onClosed(error?.message ?? null);
    });
    this.#connection = c;
    try {
      await c.start();
      const result = await c.invoke<JoinResult>('Join', {
        stream: options.stream,
        uploadKbps: options.uploadKbps,
        maxNeighbours: options.maxNeighbours,
      });
      if (this.#destroyed || this.#connection !== c) throw new Error('hub client destroyed');
      const joined = normaliseJoinResult(result);
      this.#joined = joined;
      this.#attempt = 0;
      const added = this.hashes.add(joined.hashes);
      this.events.emit('joined', joined);
      if (added.length > 0) this.events.emit('part-hashes', added);
      this.#scheduleStats();
      return joined;
    } catch (e) {
      if (this.#connection === c) this.#connection = null;
      void c.stop().catch(() => undefined);
      throw e;
    }
  }

  #onClosed(error: string | null): void {
    this.#connection = null;
    this.#joined = null;
    this.#clearTimers();
    if (this.#destroyed) return;
    const retry = !this.#ended;
    const delay = this.#reconnectDelaysMs[Math.min(this.#attempt, this.#reconnectDelaysMs.length - 1)] ?? 1000;
    this.events.emit('disconnected', { error, retryInMs: retry ? delay : null });
    if (!retry) return;
    this.#attempt++;
    this.#reconnectTimer = this.#timers.setTimeout(() => {
      this.#reconnectTimer = null;
      if (this.#destroyed) return;
      this.#connectAndJoin().catch((e: unknown) => this.#onClosed(e instanceof Error ? e.message : String(e)));
    }, delay);
  }

  #scheduleStats(): void {
    this.#statsTimer = this.#timers.setTimeout(() => {
      this.#statsTimer = null;
      const source = this.#statsSource;
      if (source !== null && this.#joined !== null) {
        this.reportStats(source()).catch(() => undefined);
      }
      if (!this.#destroyed && this.#joined !== null) this.#scheduleStats();
    }, this.#statsIntervalMs);
  }

  #clearTimers(): void {
    if (this.#statsTimer !== null) this.#timers.clearTimeout(this.#statsTimer);
    if (this.#reconnectTimer !== null) this.#timers.clearTimeout(this.#reconnectTimer);
    this.#statsTimer = null;
    this.#reconnectTimer = null;
  }
}

function isPeerInfo(p: unknown): p is PeerInfo {
  if (typeof p !== 'object' || p === null) return false;
  const o = p as Record<string, unknown>;
  return typeof o['peerId'] === 'string' && typeof o['uploadKbps'] === 'number';
}

function isSignalEnvelope(e: unknown): e is SignalEnvelope {
  if (typeof e !== 'object' || e === null) return false;
  const o = e as Record<string, unknown>;
  return typeof o['from'] === 'string' && typeof o['kind'] === 'string' && typeof o['payload'] === 'string';
}

function normaliseJoinResult(r: unknown): JoinResult {
  if (typeof r !== 'object' || r === null) throw new Error('Join returned no result');
  const o = r as Record<string, unknown>;
  if (typeof o['peerId'] !== 'string') throw new Error('Join result has no peerId');
  const iceServers = Array.isArray(o['iceServers']) ? (o['iceServers'] as JoinResult['iceServers']) : [];
  return {
    peerId: o['peerId'],
    neighbours: Array.isArray(o['neighbours']) ? (o['neighbours'] as unknown[]).filter(isPeerInfo) : [],
    iceServers: iceServers.map((s) => ({
      urls: s.urls,
      ...(s.username != null ? { username: s.username } : {}),
      ...(s.credential != null ? { credential: s.credential } : {}),
    })),
    iceTransportPolicy: o['iceTransportPolicy'] === 'relay' ? 'relay' : 'all',
    hashes: Array.isArray(o['hashes']) ? (o['hashes'] as PartHash[]) : [],
    renditions: Array.isArray(o['renditions']) ? (o['renditions'] as unknown[]).filter((x): x is string => typeof x === 'string') : [],
  };
}
