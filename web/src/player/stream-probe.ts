import { masterPlaylistPath } from './stream-name';
import { firstVariantUri, hasEndList, isPlaylist } from './playlist-text';

/**
 * What the origin says about a stream:
 * - `live`: a multivariant playlist whose first media playlist has no EXT-X-ENDLIST;
 * - `ended`: the last session's window is still readable but the playlist is finished;
 * - `absent`: no playlist (404, the stream never went live or its window is gone);
 * - `unreachable`: the request failed or the origin answered with something else (5xx, not a
 *   playlist); the caller retries.
 */
export type StreamStatus = 'live' | 'ended' | 'absent' | 'unreachable';

/** The part of `fetch` the probe uses, so tests can hand in a fake. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Pick<Response, 'ok' | 'status' | 'text'>>;

/** Options of a {@link StreamProbe}. */
export interface StreamProbeOptions {
  /** The stream to ask about; must be a valid stream name. */
  readonly stream: string;
  /**
   * Base URL the origin paths are resolved against.
   * @default location.href in a page
   */
  readonly baseUrl: string;
  /**
   * The fetch implementation.
   * @default globalThis.fetch
   */
  readonly fetch?: FetchLike;
  /**
   * Time limit for each of the two requests of a probe.
   * @default 5000
   */
  readonly timeoutMs?: number;
}

/**
 * Asks the origin whether a stream is live using only the documented origin contract
 * (docs/ingest.md): the multivariant playlist, then its first media playlist. The media playlist
 * is fetched without `_HLS_msn`, so the server answers at once instead of blocking.
 */
export class StreamProbe {
  readonly #masterUrl: string;
  readonly #fetch: FetchLike;
  readonly #timeoutMs: number;
  #controller: AbortController | null = null;
  #destroyed = false;

  constructor(options: StreamProbeOptions) {
    this.#masterUrl = new URL(masterPlaylistPath(options.stream), options.baseUrl).href;
    this.#fetch = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
    this.#timeoutMs = options.timeoutMs ?? 5_000;
  }

  get masterUrl(): string {
    return this.#masterUrl;
  }

  /** One probe. Never rejects: failures are `unreachable`. */
  async probe(): Promise<StreamStatus> {
    if (this.#destroyed) {
      return 'unreachable';
    }
    const master = await this.#get(this.#masterUrl);
    if (master === 'absent' || master === 'unreachable') {
      return master;
    }
    const variant = firstVariantUri(master);
    if (variant === null) {
      // A multivariant playlist without variants: the session exists but has no rendition yet.
      return 'absent';
    }
    const media = await this.#get(new URL(variant, this.#masterUrl).href);
    if (media === 'absent' || media === 'unreachable') {
      return media;
    }
    return hasEndList(media) ? 'ended' : 'live';
  }

  /** Aborts a probe in flight; later probes answer `unreachable` at once. */
  destroy(): void {
    this.#destroyed = true;
    this.#controller?.abort();
    this.#controller = null;
  }

  async #get(url: string): Promise<string | 'absent' | 'unreachable'> {
    const controller = new AbortController();
    this.#controller = controller;
    const timer = setTimeout(() => controller.abort(), this.#timeoutMs);
    try {
      const response = await this.#fetch(url, { cache: 'no-store', signal: controller.signal });
      if (response.status === 404 || response.status === 410) {
        return 'absent';
      }
      if (!response.ok) {
        return 'unreachable';
      }
      const text = await response.text();
      return isPlaylist(text) ? text : 'unreachable';
    } catch {
      // Network failure, abort or timeout: the caller polls again.
      return 'unreachable';
    } finally {
      clearTimeout(timer);
      if (this.#controller === controller) {
        this.#controller = null;
      }
    }
  }
}
