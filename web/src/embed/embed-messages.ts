/**
 * The `postMessage` contract between a page and an `/embed/{stream}` iframe (docs/embed.md).
 * Every message is a plain object with `streamswarm: 1`; anything without that key belongs to
 * someone else (devtools, extensions, other widgets) and is ignored without a word.
 */
export const EMBED_PROTOCOL_VERSION = 1;

/** Commands a page may send to the iframe. */
export const EMBED_COMMANDS = ['play', 'pause', 'mute', 'seekToLive'] as const;
export type EmbedCommandName = (typeof EMBED_COMMANDS)[number];

/** A command, as the iframe accepts it. */
export interface EmbedCommand {
  readonly streamswarm: 1;
  readonly command: EmbedCommandName;
  /** For `mute`: true mutes, false unmutes. @default true */
  readonly muted?: boolean;
  /** Echoed in the `error` event when the command fails, so the page can match them. */
  readonly id?: string | number;
}

/** Events the iframe sends to its parent. */
export const EMBED_EVENTS = ['ready', 'playing', 'paused', 'stalled', 'ended', 'offline', 'volume', 'stats', 'error'] as const;
export type EmbedEventName = (typeof EMBED_EVENTS)[number];

export interface EmbedEvent {
  readonly streamswarm: 1;
  readonly event: EmbedEventName;
  readonly stream: string | null;
  /** 1, 2, 3 … per iframe: the order the events were sent in. */
  readonly seq: number;
  readonly data: Readonly<Record<string, unknown>>;
}

/** How an incoming message was judged. */
export type CommandParse =
  /** Not ours: ignore silently. */
  | { readonly kind: 'foreign' }
  /** Ours but malformed: report it to the sender. */
  | { readonly kind: 'invalid'; readonly reason: string; readonly id: string | number | null }
  | { readonly kind: 'command'; readonly command: EmbedCommand };

const MAX_ID_LENGTH = 128;

/** Validates one `MessageEvent.data`: shape, version, known command, field types. */
export function parseEmbedCommand(data: unknown): CommandParse {
  if (typeof data !== 'object' || data === null || Array.isArray(data) || !('streamswarm' in data)) {
    return { kind: 'foreign' };
  }
  const message = data as Record<string, unknown>;
  const rawId = message['id'];
  const id = (typeof rawId === 'string' && rawId.length <= MAX_ID_LENGTH) || (typeof rawId === 'number' && Number.isFinite(rawId)) ? rawId : null;
  const invalid = (reason: string): CommandParse => ({ kind: 'invalid', reason, id });

  if (message['streamswarm'] !== EMBED_PROTOCOL_VERSION) {
    return invalid(`unsupported protocol version ${JSON.stringify(message['streamswarm'])}; this player speaks streamswarm: ${EMBED_PROTOCOL_VERSION}`);
  }
  if (rawId !== undefined && id === null) {
    return invalid(`id must be a string of at most ${MAX_ID_LENGTH} characters or a finite number`);
  }
  const command = message['command'];
  if (typeof command !== 'string') {
    return invalid('command is missing; expected one of ' + EMBED_COMMANDS.join(', '));
  }
  if (!(EMBED_COMMANDS as readonly string[]).includes(command)) {
    return invalid(`unknown command "${command.slice(0, 40)}"; expected one of ${EMBED_COMMANDS.join(', ')}`);
  }
  for (const key of Object.keys(message)) {
    if (key !== 'streamswarm' && key !== 'command' && key !== 'id' && !(key === 'muted' && command === 'mute')) {
      return invalid(`unexpected field "${key.slice(0, 40)}" for command ${command}`);
    }
  }
  const muted = message['muted'];
  if (muted !== undefined && typeof muted !== 'boolean') {
    return invalid('muted must be true or false');
  }
  return {
    kind: 'command',
    command: {
      streamswarm: 1,
      command: command as EmbedCommandName,
      ...(muted === undefined ? {} : { muted }),
      ...(id === null ? {} : { id }),
    },
  };
}

/** Builds an event message. */
export function embedEvent(event: EmbedEventName, stream: string | null, seq: number, data: Readonly<Record<string, unknown>> = {}): EmbedEvent {
  return { streamswarm: 1, event, stream, seq, data };
}
