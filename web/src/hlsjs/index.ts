export { HlsPlayback } from './hls-playback';
export type { HlsPlaybackEvents, HlsPlaybackOptions, PlaybackFailure, RenditionInfo } from './hls-playback';
export {
  DEFAULT_LOW_LATENCY_OPTIONS,
  effectiveLatencyTarget,
  lowLatencyHlsConfig,
  resolveLowLatencyOptions,
} from './low-latency-config';
export type { LatencyTarget, LowLatencyOptions } from './low-latency-config';
export { attachSwarm, swarmHlsConfig, type HlsWithConfig } from './attach-swarm.js';
export { partDeadlineMs, swarmFragmentLoader, type PlayheadLike, type SwarmPartSource } from './swarm-fragment-loader.js';
export { parseSwarmMediaUrl, type SwarmMediaTarget } from './swarm-url.js';
