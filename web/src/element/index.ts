export { StreamSwarmPlayer } from './stream-swarm-player.js';
export type { PlayerStats, StreamSwarmPlayerEventMap } from './stream-swarm-player.js';
export { defineStreamSwarmPlayer, DEFAULT_TAG_NAME } from './define-element.js';
export { parsePlayerOptions, httpUrl, PLAYER_OPTION_NAMES } from './player-options.js';
export type { OptionProblem, ParsedPlayerOptions, PlayerOptionName, PlayerOptions } from './player-options.js';
export type { OfflineReason, PlayerState } from './player-session.js';
export type { RenditionInfo } from '../hlsjs/hls-playback.js';
