import type { LinkCloseReason } from './peer-link.js';
import type { PartKey } from './part-key.js';
import type { PartSource } from './part-request.js';
import type { OriginReason } from './scheduler.js';
import type { SwarmStats } from './swarm-stats.js';

/** Everything `SwarmEngine.events` emits, with its payload. */
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
  /** The least useful neighbour was dropped for a fresh hub suggestion (`worst-neighbour-rule.ts`). */
  'neighbour-replaced': { readonly dropped: string; readonly added: string; readonly reason: string };
  /** Joined the hub (the first time, or again after a drop or a failed attempt). */
  'hub-joined': { readonly peerId: string; readonly neighbours: number };
  /** A join failed or the hub connection dropped; `retryInMs` is null when no retry follows. */
  'hub-disconnected': { readonly error: string | null; readonly retryInMs: number | null };
  stats: SwarmStats;
  'stream-ended': string;
}
