// The `/embed/{stream}` page: one <stream-swarm-player> filling the frame, options from the query
// string (the same names and values as the element's attributes), and the postMessage bridge.
import { defineStreamSwarmPlayer } from '../element/define-element.js';
import { StreamSwarmPlayer } from '../element/stream-swarm-player.js';
import { EmbedBridge } from './embed-bridge.js';
import { embedAttributes } from './embed-query.js';

function main(): void {
  defineStreamSwarmPlayer();
  const player = document.createElement('stream-swarm-player');
  if (!(player instanceof StreamSwarmPlayer)) throw new Error('stream-swarm-player is registered by another script');
  for (const [name, value] of embedAttributes(location.pathname, location.search, location.origin)) {
    player.setAttribute(name, value);
  }
  // The bridge listens before the element connects, so `ready` reaches the parent.
  const bridge = window.parent !== window ? new EmbedBridge(player, window.parent, window) : null;
  document.body.append(player);
  window.addEventListener('pagehide', (event) => {
    if (!event.persisted) {
      bridge?.destroy();
      player.remove();
    }
  });
}

main();
