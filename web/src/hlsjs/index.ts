export { attachSwarm, swarmHlsConfig, type HlsWithConfig } from './attach-swarm.js';
export { partDeadlineMs, swarmFragmentLoader, type PlayheadLike, type SwarmPartSource } from './swarm-fragment-loader.js';
export { parseSwarmMediaUrl, type SwarmMediaTarget } from './swarm-url.js';
