export { SwarmEngine, browserSwarmDeps } from './swarm-engine.js';
export type {
  LoadedPart,
  PartRequest,
  PartSource,
  PlaybackReport,
  SwarmEngineDeps,
  SwarmEngineEvents,
  SwarmStartOptions,
  SwarmStats,
} from './swarm-engine.js';
export { resolveSwarmDeps } from './swarm-engine-deps.js';
export { WorstNeighbourRule, type ReviewedNeighbour } from './worst-neighbour-rule.js';
export { DEFAULT_SWARM_CONFIG, resolveSwarmConfig, type SwarmConfig } from './swarm-config.js';
export { HubClient, signalRHubConnectionFactory } from './hub-client.js';
export type { HubClientEvents, HubConnectionFactory, HubConnectionLike, JoinResult, PeerInfo, SignalEnvelope, StatsReport } from './hub-client.js';
export { PeerLink, browserPeerConnectionFactory, CHANNEL_LABEL } from './peer-link.js';
export type { DataChannelLike, IceSettings, LinkCloseReason, PeerConnectionFactory, PeerConnectionLike, PeerLinkEvents } from './peer-link.js';
export { PartStore } from './part-store.js';
export { PartHashes, type PartHash } from './part-hashes.js';
export { PartScheduler } from './scheduler.js';
export type { OriginReason, PartDecision, PartDecisionInput, PeerCandidate, PrefetchOffer } from './scheduler.js';
export { electionScore, isElectedForOrigin, type ElectionCandidate } from './origin-election.js';
export { UploadSlots, type RechokeResult } from './upload-slots.js';
export { UploadQueue, type UploadPiece } from './upload-queue.js';
export { PeerHoldings } from './peer-holdings.js';
export { heldBitfield, type HeldBitfield } from './held-bitfield.js';
export { PartAssembly, type PieceResult } from './part-assembly.js';
export { partKeyId, isWholeSegment, samePartKey, type PartKey } from './part-key.js';
export { sha256Hex, sha256HexSync, type Sha256Hex } from './sha256.js';
export { TypedEmitter, type Listener } from './typed-emitter.js';
