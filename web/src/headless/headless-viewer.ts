import type { SwarmConfig } from '../core/swarm-config.js';
import { SwarmEngine, type SwarmStats } from '../core/swarm-engine.js';
import { partDeadlineMs } from '../hlsjs/swarm-fragment-loader.js';
import { firstVariantUri } from '../player/playlist-text.js';
import { parseMediaPlaylist, type MediaPlaylist, type PlaylistPiece } from './media-playlist.js';
import { Playout, type PlayoutOptions, type PlayoutState } from './playout.js';

/**
 * A viewer without a video element: it follows a stream's LL-HLS media playlist as hls.js does in
 * low-latency mode (blocking reloads, one part at a time, start at `edge − target`), gets every
 * part from the real {@link SwarmEngine} (or, with `p2p: false`, from the origin as an HTTP-only
 * player would), and plays it out on a {@link Playout}. Nothing is decoded, so a machine that
 * holds a handful of Chromium players holds many of these: the swarm bench uses them as its load,
 * beside real players. Its numbers are the same as the viewer page's: state, latency, stalls,
 * startup (creation → playback starts), the engine's stats.
 */
export interface HeadlessViewerOptions {
  /** The server's origin, e.g. `http://127.0.0.1:8080`. */
  readonly server: string;
  readonly stream: string;
  /** Rendition to play; the master playlist's first variant by default. */
  readonly rendition?: string;
  readonly p2p: boolean;
  readonly engine?: Partial<SwarmConfig>;
  readonly playout?: Partial<PlayoutOptions>;
}

export interface HeadlessViewerSample {
  readonly state: PlayoutState | 'stopped' | 'failed';
  readonly latency: number | null;
  readonly stalls: number;
  readonly stallSeconds: number;
  /** Creation → playback started, ms; null until then. */
  readonly firstFrameMs: number | null;
  readonly swarm: SwarmStats | null;
  /** Media bytes this viewer fetched from the origin itself (HTTP-only mode, or parts the engine failed). */
  readonly httpMediaBytes: number;
  /**
   * Parts the engine delivered, by where from: `peer`, `memory` (fetched ahead: by a peer, or from
   * the origin when elected), `origin:<reason>` (the scheduler's `OriginReason`); and failed peer
   * requests as `failed:<reason>`; neighbour links as `link:…`. For reading why offload is what it is.
   */
  readonly loads: Readonly<Record<string, number>>;
  readonly error: string | null;
}

const TICK_MS = 100;
const REPORT_MS = 2000;
const NO_HINT_RELOAD_MS = 250;

export class HeadlessViewer {
  readonly #options: HeadlessViewerOptions;
  readonly #playout: Playout;
  readonly #engine: SwarmEngine | null;
  readonly #createdMs = performance.now();
  readonly #stop = new AbortController();
  #firstFrameMs: number | null = null;
  #httpMediaBytes = 0;
  readonly #loads: Record<string, number> = {};
  #error: string | null = null;
  #rendition = '';
  #stopped = false;

  constructor(options: HeadlessViewerOptions) {
    this.#options = options;
    this.#playout = new Playout(options.playout);
    this.#engine = options.p2p ? new SwarmEngine(options.engine ?? {}) : null;
    this.#engine?.events.on('part-loaded', (e) => {
      this.#count(e.originReason !== null ? `origin:${e.originReason}` : e.elapsedMs < 1 ? `memory:${e.source}` : e.source);
    });
    this.#engine?.events.on('peer-connected', () => this.#count('link:connected'));
    this.#engine?.events.on('peer-disconnected', (e) => this.#count(`link:closed-${e.reason}`));
    this.#engine?.events.on('neighbour-replaced', () => this.#count('link:replaced'));
    this.#engine?.events.on('hub-joined', (e) => this.#count(`link:suggested-${e.neighbours}`));
    this.#engine?.events.on('peer-request-failed', (e) => this.#count(`failed:${e.reason.includes('did not deliver') ? 'timeout' : (e.reason.split(' ')[0] ?? '')}`));
  }

  #count(key: string): void {
    this.#loads[key] = (this.#loads[key] ?? 0) + 1;
  }

  /** Plays until {@link stop}; rejects only on a failure that ends the viewer (kept in `error`). */
  async run(): Promise<void> {
    const { server, stream } = this.#options;
    this.#engine?.start({ hubUrl: new URL('/hubs/swarm', server).href, stream }).catch((e: unknown) => {
      console.warn('swarm unavailable, origin only', e);
    });
    const tick = setInterval(() => this.#tick(), TICK_MS);
    const report = setInterval(() => this.#report(), REPORT_MS);
    try {
      this.#rendition = this.#options.rendition ?? (await this.#firstRendition());
      await this.#fetchBytes(this.#url('init.mp4'), false);
      await this.#follow();
    } catch (e) {
      if (!this.#stop.signal.aborted) {
        this.#error = e instanceof Error ? e.message : String(e);
        throw e;
      }
    } finally {
      clearInterval(tick);
      clearInterval(report);
    }
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#playout.end(performance.now());
    this.#stop.abort();
    this.#engine?.destroy();
  }

  sample(): HeadlessViewerSample {
    const now = performance.now();
    return {
      state: this.#error !== null ? 'failed' : this.#stopped ? 'stopped' : this.#playout.state,
      latency: this.#playout.latencySeconds(Date.now()),
      stalls: this.#playout.stalls,
      stallSeconds: this.#playout.stallSeconds(now),
      firstFrameMs: this.#firstFrameMs,
      swarm: this.#engine?.stats ?? null,
      httpMediaBytes: this.#httpMediaBytes,
      loads: { ...this.#loads },
      error: this.#error,
    };
  }

  async #firstRendition(): Promise<string> {
    const text = await this.#fetchText(new URL(`/live/${this.#options.stream}/master.m3u8`, this.#options.server).href);
    const uri = firstVariantUri(text);
    const m = uri === null ? null : /^([a-z0-9][a-z0-9_-]{0,63})\/index\.m3u8$/.exec(uri);
    if (m?.[1] === undefined) throw new Error(`master playlist has no variant of this server's layout: ${uri ?? '(none)'}`);
    return m[1];
  }

  /** Loads the piece that continues the buffer, one at a time; waits on a blocking reload when it is not out yet. */
  async #follow(): Promise<void> {
    let playlist = parseMediaPlaylist(await this.#fetchText(this.#url('index.m3u8')));
    let loadedEnd = this.#startFrom(playlist);
    while (!this.#stop.signal.aborted) {
      if (this.#playout.behind(Date.now())) {
        // Too far behind (hls.js's liveMaxLatencyDuration): back to the live edge of a fresh playlist.
        playlist = parseMediaPlaylist(await this.#fetchText(this.#url('index.m3u8')));
        loadedEnd = this.#startFrom(playlist);
      }
      const piece = nextPiece(playlist, loadedEnd);
      if (piece === null) {
        if (playlist.ended) return;
        const hint = playlist.next;
        // No hint (no part yet): a plain reload would answer at once, so wait a little first.
        if (hint === null) await new Promise((resolve) => setTimeout(resolve, NO_HINT_RELOAD_MS));
        const query = hint === null ? '' : `?_HLS_msn=${hint.msn}&_HLS_part=${hint.part}`;
        playlist = parseMediaPlaylist(await this.#fetchText(this.#url('index.m3u8') + query));
        continue;
      }
      await this.#load(piece);
      loadedEnd = piece.start + piece.duration;
      if (this.#playout.append(piece.start, piece.duration, performance.now())) this.#firstFrameMs ??= performance.now() - this.#createdMs;
    }
  }

  /** Starts (again) at `edge − target`, from the newest independent piece at or before it; returns where loading resumes. */
  #startFrom(playlist: MediaPlaylist): number {
    const pieces = playlist.pieces;
    const last = pieces[pieces.length - 1];
    if (last === undefined) return -Infinity;
    const target = Math.max(this.#playout.options.targetLatencySeconds, playlist.partHoldBack);
    const position = last.start + last.duration - target;
    let from = pieces[0];
    for (const p of pieces) {
      if (p.independent && p.start <= position + 1e-3) from = p;
    }
    this.#playout.startAt(position, performance.now());
    return (from?.start ?? position) - 1e-3;
  }

  async #load(piece: PlaylistPiece): Promise<void> {
    const url = this.#url(piece.uri);
    const engine = this.#engine;
    if (engine !== null) {
      try {
        const deadlineMs = partDeadlineMs(engine.now(), piece.start, this.#playout);
        await engine.loadPart({ url, rendition: this.#rendition, msn: piece.msn, part: piece.part, deadlineMs }, this.#stop.signal);
        return;
      } catch (e) {
        if (this.#stop.signal.aborted) throw e;
        // As the hls.js adapter does: what the engine could not deliver comes from the origin.
      }
    }
    await this.#fetchBytes(url, true);
  }

  #tick(): void {
    this.#playout.advance(performance.now(), Date.now());
  }

  #report(): void {
    const now = performance.now();
    this.#engine?.reportPlayback({
      stalls: this.#playout.stalls,
      stallSeconds: this.#playout.stallSeconds(now),
      latencySeconds: this.#playout.latencySeconds(Date.now()) ?? 0,
    });
  }

  #url(file: string): string {
    return new URL(`/live/${this.#options.stream}/${this.#rendition}/${file}`, this.#options.server).href;
  }

  async #fetchText(url: string): Promise<string> {
    const response = await fetch(url, { signal: this.#stop.signal, cache: 'no-store' });
    if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
    return response.text();
  }

  async #fetchBytes(url: string, media: boolean): Promise<void> {
    const response = await fetch(url, { signal: this.#stop.signal });
    if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
    const bytes = (await response.arrayBuffer()).byteLength;
    if (media) this.#httpMediaBytes += bytes;
  }
}

/** The piece that starts where the buffer ends (or the first one after a hole); null when it is not listed yet. */
export function nextPiece(playlist: MediaPlaylist, loadedEnd: number): PlaylistPiece | null {
  for (const p of playlist.pieces) {
    if (p.start + p.duration > loadedEnd + 0.02 && p.start >= loadedEnd - 0.02) return p;
  }
  return null;
}
