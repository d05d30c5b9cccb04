import { abortError } from './abortable.js';
import type { HubClient } from './hub-client.js';
import type { Neighbourhood } from './neighbourhood.js';
import { partKeyId, type PartKey } from './part-key.js';
import { PartLoad } from './part-load.js';
import type { LoadedPart } from './part-request.js';
import type { PeerDownloader } from './peer-downloader.js';
import { PeerRequestError } from './peer-request-error.js';
import type { PartScheduler } from './scheduler.js';
import type { SwarmConfig } from './swarm-config.js';
import type { SwarmEngineDeps } from './swarm-engine-deps.js';
import type { SwarmEngineEvents } from './swarm-engine-events.js';
import type { SwarmCounters } from './swarm-stats.js';
import type { TypedEmitter } from './typed-emitter.js';
import type { VerifiedParts } from './verified-parts.js';

/** What the loads need from the engine around them. */
export interface PartLoadsContext {
  readonly config: SwarmConfig;
  readonly deps: Pick<SwarmEngineDeps, 'fetch' | 'now' | 'timers' | 'sha256Hex'>;
  readonly hub: HubClient;
  readonly scheduler: PartScheduler;
  readonly neighbourhood: Neighbourhood;
  readonly downloader: PeerDownloader;
  readonly parts: VerifiedParts;
  readonly counters: SwarmCounters;
  readonly events: TypedEmitter<SwarmEngineEvents>;
}

/**
 * The parts being got, one {@link PartLoad} per part however many ask for it. Each runs the
 * scheduler's decision loop (`scheduler.ts`): from memory as soon as the part is held, from the
 * origin when urgent, elected or out of patience, from the best neighbour otherwise (another one
 * after a failure), or waits for a HAVE.
 */
export class PartLoads {
  readonly #c: PartLoadsContext;
  readonly #loads = new Map<string, PartLoad>();
  #destroyed = false;

  constructor(context: PartLoadsContext) {
    this.#c = context;
  }

  get(id: string): PartLoad | undefined {
    return this.#loads.get(id);
  }

  has(id: string): boolean {
    return this.#loads.has(id);
  }

  /** Loads started ahead of the player and not yet wanted by it. */
  get prefetching(): number {
    let n = 0;
    for (const l of this.#loads.values()) if (l.prefetch) n++;
    return n;
  }

  start(key: PartKey, deadlineMs: number, prefetch: boolean, url: string | null): PartLoad {
    const load = new PartLoad(key, deadlineMs, prefetch, url, this.#c.deps.now());
    load.promise = this.#run(load).finally(() => {
      if (this.#loads.get(load.id) === load) this.#loads.delete(load.id);
    });
    // A prefetch nobody waits for must not surface as an unhandled rejection.
    load.promise.catch(() => undefined);
    this.#loads.set(load.id, load);
    return load;
  }

  /** Something changed (a HAVE, an UNCHOKE, a hash, a part held): every sleeping load decides again. */
  wakeAll(): void {
    for (const load of this.#loads.values()) load.wake();
  }

  abortAll(): void {
    this.#destroyed = true;
    for (const load of this.#loads.values()) load.controller.abort();
    this.#loads.clear();
  }

  async #run(load: PartLoad): Promise<LoadedPart> {
    const c = this.#c;
    for (;;) {
      if (load.signal.aborted || this.#destroyed) throw abortError();
      const held = c.parts.held(load.key);
      if (held !== undefined) return held;
      const hash = c.hub.hashes.get(load.key);
      const now = c.deps.now();
      const decision = c.scheduler.decide({
        key: load.key,
        nowMs: now,
        deadlineMs: load.deadlineMs,
        sinceMs: load.sinceMs,
        sizeBytes: hash?.size ?? 0,
        hashKnown: hash !== undefined,
        selfPeerId: c.hub.peerId ?? '',
        selfUploadKbps: c.config.uploadKbps,
        peers: c.neighbourhood.candidates(load.key),
        triedPeers: load.tried,
        assignedFetchers: hash?.fetchers,
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
        const n = c.neighbourhood.get(decision.peerId);
        if (n === undefined || hash === undefined) {
          load.tried.add(decision.peerId);
          continue;
        }
        try {
          const startedAt = c.deps.now();
          const bytes = await c.downloader.request(n, load, hash, decision.timeoutMs);
          return { bytes, source: 'peer', transferMs: c.deps.now() - startedAt };
        } catch (e) {
          if (load.signal.aborted) throw abortError();
          const reason = e instanceof Error ? e.message : String(e);
          c.events.emit('peer-request-failed', { peerId: n.peerId, key: load.key, reason, elapsedMs: c.deps.now() - now });
          load.tried.add(n.peerId);
          if (e instanceof PeerRequestError && e.kind === 'timeout') n.failures++;
          continue;
        }
      }
      await load.sleep(decision.untilMs - now, c.deps.timers);
    }
  }

  async #fetchOrigin(load: PartLoad): Promise<LoadedPart> {
    const c = this.#c;
    if (load.url === null) throw new Error('no origin URL for this part');
    const startedAt = c.deps.now();
    const response = await c.deps.fetch(load.url, { signal: load.signal });
    if (!response.ok) throw new Error(`origin answered ${response.status} for ${load.url}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const transferMs = c.deps.now() - startedAt;
    c.counters.bytesFromOrigin += bytes.length;
    c.counters.partsFromOrigin++;
    const sha = await c.deps.sha256Hex(bytes);
    const hash = c.hub.hashes.get(load.key);
    if (hash !== undefined) {
      if (hash.sha256 !== sha || hash.size !== bytes.length) throw new Error(`origin bytes of ${partKeyId(load.key)} do not match the hub's hash`);
      c.parts.accept(load.key, bytes, 'origin', transferMs);
    } else {
      // Not relayable until the hub's hash confirms it (`VerifiedParts.hashArrived`).
      c.parts.holdUntilHashed(load.key, bytes, sha, transferMs);
    }
    return { bytes, source: 'origin', transferMs };
  }
}
