import { isValidMediaName } from '../core/protocol/media-name.js';

/**
 * What a `<stream-swarm-player>` (or an `/embed/{stream}` page) is asked to do. The element reads
 * these from its attributes, the embed page from its query string; both go through
 * {@link parsePlayerOptions}, so the two accept exactly the same values.
 */
export interface PlayerOptions {
  /**
   * Base URL of the StreamSwarm server (origin, hub and API). Absolute `http:`/`https:` or relative
   * to the page.
   * @default the origin the player script was loaded from, else the page's origin
   */
  readonly server: string;
  /** The stream to play: 1–64 of `a-z 0-9 - _`, first a letter or digit; null when missing or invalid. */
  readonly stream: string | null;
  /**
   * Start playing as soon as the stream is live. Browsers allow autoplay only without sound, so
   * autoplay implies `muted` unless `muted="false"` is given (and then falls back to muted when
   * refused).
   * @default true
   */
  readonly autoplay: boolean;
  /**
   * Start without sound.
   * @default the value of autoplay
   */
  readonly muted: boolean;
  /**
   * Show the player's own controls. Without them the page drives the player through its API.
   * @default true
   */
  readonly controls: boolean;
  /**
   * Join the swarm and load parts from peers; off plays from the origin only.
   * @default true
   */
  readonly p2p: boolean;
  /**
   * Image shown before the first frame (`http:`, `https:` or relative URL).
   * @default null
   */
  readonly poster: string | null;
}

/** The option names, which are also the attribute and query parameter names. */
export const PLAYER_OPTION_NAMES = ['server', 'stream', 'autoplay', 'muted', 'controls', 'p2p', 'poster'] as const;
export type PlayerOptionName = (typeof PLAYER_OPTION_NAMES)[number];

/** One value that was not understood; the option got its default. */
export interface OptionProblem {
  readonly option: PlayerOptionName;
  readonly value: string;
  readonly message: string;
}

export interface ParsedPlayerOptions {
  readonly options: PlayerOptions;
  readonly problems: readonly OptionProblem[];
}

const TRUE_WORDS = new Set(['', 'true', 'on', 'yes', '1']);
const FALSE_WORDS = new Set(['false', 'off', 'no', '0']);

/**
 * Reads the options. `read(name)` returns the raw value or null when absent (an attribute present
 * without a value is `''`, which means on, as for HTML boolean attributes). `pageUrl` resolves
 * relative URLs; `defaultServer` is used when `server` is absent or unusable. Nothing throws: a
 * value that is not understood is reported in `problems` and the default is used.
 */
export function parsePlayerOptions(
  read: (name: PlayerOptionName) => string | null,
  pageUrl: string,
  defaultServer: string,
): ParsedPlayerOptions {
  const problems: OptionProblem[] = [];
  const flag = (option: PlayerOptionName, fallback: boolean): boolean => {
    const raw = read(option);
    if (raw === null) return fallback;
    const word = raw.trim().toLowerCase();
    if (TRUE_WORDS.has(word) || word === option) return true;
    if (FALSE_WORDS.has(word)) return false;
    problems.push({ option, value: raw, message: `${option}="${raw}" is not one of true/false/on/off/yes/no/1/0; using ${fallback ? 'on' : 'off'}` });
    return fallback;
  };

  let server = defaultServer;
  const rawServer = read('server');
  if (rawServer !== null) {
    const url = httpUrl(rawServer, pageUrl);
    if (url === null) {
      problems.push({ option: 'server', value: rawServer, message: `server="${rawServer}" is not an http(s) URL; using ${defaultServer}` });
    } else {
      server = url;
    }
  }

  let stream: string | null = null;
  const rawStream = read('stream');
  if (rawStream === null || rawStream.trim() === '') {
    problems.push({ option: 'stream', value: rawStream ?? '', message: 'stream is missing; set it to the name of a stream' });
  } else if (!isValidMediaName(rawStream.trim())) {
    problems.push({
      option: 'stream',
      value: rawStream,
      message: `stream="${rawStream}" is not a stream name (1–64 of a-z 0-9 - _, first a letter or digit)`,
    });
  } else {
    stream = rawStream.trim();
  }

  const autoplay = flag('autoplay', true);
  const muted = flag('muted', autoplay);
  const controls = flag('controls', true);
  const p2p = flag('p2p', true);

  let poster: string | null = null;
  const rawPoster = read('poster');
  if (rawPoster !== null && rawPoster.trim() !== '') {
    poster = httpUrl(rawPoster, pageUrl);
    if (poster === null) {
      problems.push({ option: 'poster', value: rawPoster, message: `poster="${rawPoster}" is not an http(s) URL; showing none` });
    }
  }

  return { options: { server, stream, autoplay, muted, controls, p2p, poster }, problems };
}

/** `value` resolved against `base` when it is an http(s) URL without credentials, else null. */
export function httpUrl(value: string, base: string): string | null {
  let url: URL;
  try {
    url = new URL(value.trim(), base);
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username !== '' || url.password !== '') {
    return null;
  }
  return url.href;
}
