import type { StatsReport } from './hub-client.js';

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

/** Playback numbers the player reports, forwarded to the hub in `ReportStats`. */
export interface PlaybackReport {
  readonly stalls: number;
  readonly stallSeconds: number;
  readonly latencySeconds: number;
}

/** The engine's own cumulative counters, shared by the parts of the engine that move bytes. */
export interface SwarmCounters {
  bytesFromPeers: number;
  bytesFromOrigin: number;
  bytesToPeers: number;
  partsOnTime: number;
  partsLate: number;
  partsFromPeers: number;
  partsFromOrigin: number;
  badPeers: number;
}

export function zeroSwarmCounters(): SwarmCounters {
  return { bytesFromPeers: 0, bytesFromOrigin: 0, bytesToPeers: 0, partsOnTime: 0, partsLate: 0, partsFromPeers: 0, partsFromOrigin: 0, badPeers: 0 };
}
