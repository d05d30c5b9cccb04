import type { StreamSwarmPlayer } from '../element/stream-swarm-player.js';
import { embedEvent, parseEmbedCommand, type EmbedCommand, type EmbedEventName } from './embed-messages.js';

/** Where events go and commands come from: the embedding page. */
export interface EmbedParent {
  postMessage(message: unknown, targetOrigin: string): void;
}

/** Element events forwarded to the parent, with the same names. */
const FORWARDED: readonly EmbedEventName[] = ['ready', 'playing', 'paused', 'stalled', 'ended', 'offline', 'volume', 'stats'];

/**
 * The `postMessage` side of `/embed/{stream}` (docs/embed.md): forwards the player's events to
 * the parent page, in the order they happen and numbered (`seq`), and carries out the parent's
 * commands. Messages from anyone but the parent window are ignored; malformed ones from the parent
 * get an `error` event back and a console warning.
 */
export class EmbedBridge {
  readonly #player: StreamSwarmPlayer;
  readonly #parent: EmbedParent;
  readonly #window: Window;
  #seq = 0;
  #destroyed = false;

  constructor(player: StreamSwarmPlayer, parent: EmbedParent, ownWindow: Window) {
    this.#player = player;
    this.#parent = parent;
    this.#window = ownWindow;
    for (const name of FORWARDED) player.addEventListener(name, this.#forward);
    ownWindow.addEventListener('message', this.#onMessage);
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    for (const name of FORWARDED) this.#player.removeEventListener(name, this.#forward);
    this.#window.removeEventListener('message', this.#onMessage);
  }

  #send(event: EmbedEventName, data: Readonly<Record<string, unknown>>): void {
    // '*': the embed does not know who embeds it, and its events carry nothing private
    // (playback state and swarm counters anyone can read at /api/streams/{stream}/swarm).
    this.#parent.postMessage(embedEvent(event, this.#player.options?.stream ?? null, ++this.#seq, data), '*');
  }

  readonly #forward = (event: Event): void => {
    const detail = (event as CustomEvent<unknown>).detail;
    const data = typeof detail === 'object' && detail !== null ? { ...(detail as Record<string, unknown>) } : {};
    this.#send(event.type as EmbedEventName, data);
  };

  readonly #onMessage = (event: MessageEvent): void => {
    if (event.source !== this.#parent) return;
    const parsed = parseEmbedCommand(event.data);
    if (parsed.kind === 'foreign') return;
    if (parsed.kind === 'invalid') {
      console.warn(`streamswarm embed: ignored a message from ${event.origin}: ${parsed.reason}`);
      this.#send('error', { code: 'bad-message', message: parsed.reason, ...(parsed.id === null ? {} : { id: parsed.id }) });
      return;
    }
    this.#run(parsed.command);
  };

  #run(command: EmbedCommand): void {
    const player = this.#player;
    switch (command.command) {
      case 'play':
        player.play().catch((error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          this.#send('error', { code: 'play-refused', message, ...(command.id === undefined ? {} : { id: command.id }) });
        });
        break;
      case 'pause':
        player.pause();
        break;
      case 'mute':
        player.muted = command.muted ?? true;
        break;
      case 'seekToLive':
        player.seekToLive();
        break;
    }
  }
}
