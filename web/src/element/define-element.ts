import { StreamSwarmPlayer } from './stream-swarm-player.js';

export const DEFAULT_TAG_NAME = 'stream-swarm-player';

/**
 * Registers the player under `tagName` (default `stream-swarm-player`) and returns the class
 * registered. Calling it again for a name already taken keeps the first registration: two copies
 * of the script on one page (a script tag and a bundle) do not throw. Each other name gets its own
 * subclass, since one constructor can be registered only once.
 */
export function defineStreamSwarmPlayer(tagName: string = DEFAULT_TAG_NAME): CustomElementConstructor {
  const existing = customElements.get(tagName);
  if (existing !== undefined) return existing;
  const type = tagName === DEFAULT_TAG_NAME ? StreamSwarmPlayer : class extends StreamSwarmPlayer {};
  customElements.define(tagName, type);
  return type;
}
