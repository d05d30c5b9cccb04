// Script-tag entry (and `@streamswarm/player/define`): registers <stream-swarm-player> on load
// and exposes the API as `window.StreamSwarmPlayer` for pages without a bundler.
import { defineStreamSwarmPlayer } from './define-element.js';
import * as api from './index.js';

defineStreamSwarmPlayer();

declare global {
  interface Window {
    StreamSwarmPlayer?: typeof api;
  }
}

if (typeof window !== 'undefined' && window.StreamSwarmPlayer === undefined) {
  window.StreamSwarmPlayer = api;
}
