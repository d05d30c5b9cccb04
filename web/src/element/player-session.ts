import { HubConnectionBuilder, LogLevel } from '@microsoft/signalr';
import { SwarmEngine, type SwarmStats } from '../core/swarm-engine.js';
import type { HubConnectionFactory, HubConnectionLike } from '../core/hub-client.js';
import { swarmHlsConfig } from '../hlsjs/attach-swarm.js';
import { HlsPlayback, type PlaybackFailure, type RenditionInfo } from '../hlsjs/hls-playback.js';
import { bufferAheadSeconds } from '../player/buffer-ahead.js';
import { LatencyWindow, liveLatencySeconds } from '../player/latency-window.js';
import { LiveWaiter } from '../player/live-waiter.js';
import { StallCounter } from '../player/stall-counter.js';
import { masterPlaylistPath } from '../player/stream-name.js';
import { StreamProbe, type StreamStatus } from '../player/stream-probe.js';

/**
 * What the player is doing:
 * - `connecting`: loading the playlists, waiting for the first frame;
 * - `playing`: frames are advancing;
 * - `buffering`: a stall after playback started;
 * - `paused`: paused by the viewer or the page, or waiting for a first tap (autoplay off or refused);
 * - `offline`: the stream is not live (not started, ended, server unreachable); the player polls
 *   and starts by itself when it goes live;
 * - `unsupported`: no Media Source Extensions in this browser;
 * - `invalid`: no usable `stream` option.
 */
export type PlayerState = 'connecting' | 'playing' | 'buffering' | 'paused' | 'offline' | 'unsupported' | 'invalid';

/** Why the player is offline. */
export type OfflineReason = Exclude<StreamStatus, 'live'>;

export interface PlayerSessionEvents {
  readonly onState: (state: PlayerState) => void;
  readonly onOffline: (reason: OfflineReason) => void;
  /** The variants of the multivariant playlist are known (after each (re)connect). */
  readonly onRenditions: (renditions: readonly RenditionInfo[]) => void;
  /** The broadcast ended and its buffer has played out. */
  readonly onEnded: () => void;
  /** Autoplay with sound was refused; the player went on muted. */
  readonly onAutoplayMuted: () => void;
}

export interface PlayerSessionOptions {
  readonly video: HTMLVideoElement;
  /** Base URL of the server (origin and hub). */
  readonly server: string;
  readonly stream: string;
  readonly p2p: boolean;
  readonly autoplay: boolean;
  readonly events: PlayerSessionEvents;
  /**
   * Pause between probes while offline.
   * @default 3000
   */
  readonly offlinePollMs?: number;
}

/**
 * SignalR connections without credentials. The client's default (`withCredentials: true`) makes a
 * cross-origin negotiate need a reflected origin plus `Access-Control-Allow-Credentials`; the hub
 * uses no cookies, so an embed on any site asks without them and the server answers `*`.
 */
export const anonymousHubConnectionFactory: HubConnectionFactory = (hubUrl) =>
  new HubConnectionBuilder()
    .withUrl(hubUrl, { withCredentials: false })
    .configureLogging(LogLevel.Warning)
    .build() as unknown as HubConnectionLike;

/**
 * One stream in one video element: hls.js in low-latency mode, the swarm engine when P2P is on,
 * the offline wait with its probes, and the playback counters. The element owns the UI; this owns
 * the media. {@link destroy} tears everything down.
 */
export class PlayerSession {
  readonly #o: PlayerSessionOptions;
  readonly #video: HTMLVideoElement;
  readonly #stalls = new StallCounter();
  readonly #latency = new LatencyWindow();
  readonly #probe: StreamProbe;
  readonly #swarm: SwarmEngine | null;
  #state: PlayerState = 'connecting';
  #playback: HlsPlayback | null = null;
  #waiter: LiveWaiter | null = null;
  #failuresInARow = 0;
  /** Whether frames should advance: autoplay, or the viewer asked to play; false after a pause. */
  #wantPlay: boolean;
  #destroyed = false;

  constructor(options: PlayerSessionOptions) {
    this.#o = options;
    this.#video = options.video;
    this.#wantPlay = options.autoplay;
    this.#probe = new StreamProbe({ stream: options.stream, baseUrl: options.server });
    this.#swarm = options.p2p ? new SwarmEngine({}, { connectHub: anonymousHubConnectionFactory }) : null;
    const v = this.#video;
    v.addEventListener('playing', this.#onPlaying);
    v.addEventListener('waiting', this.#onWaiting);
    v.addEventListener('ended', this.#onEnded);
    v.addEventListener('pause', this.#onPause);
  }

  get state(): PlayerState {
    return this.#state;
  }

  get stream(): string {
    return this.#o.stream;
  }

  /** Glass-to-glass latency now (capture clock to screen); null unless playing or buffering. */
  get latencySeconds(): number | null {
    if (this.#playback === null || (this.#state !== 'playing' && this.#state !== 'buffering')) return null;
    return liveLatencySeconds(Date.now(), this.#playback.playingDate);
  }

  get averageLatencySeconds(): number | null {
    return this.#latency.average;
  }

  get bufferSeconds(): number {
    return this.#playback === null ? 0 : bufferAheadSeconds(this.#video.buffered, this.#video.currentTime);
  }

  /** Seconds behind the live edge and the distance hls.js aims for; null when nothing plays. */
  get edge(): { readonly behindSeconds: number; readonly targetSeconds: number | null } | null {
    if (this.#playback === null || this.#state === 'connecting') return null;
    const behind = this.#playback.edgeLatencySeconds;
    return Number.isFinite(behind) ? { behindSeconds: behind, targetSeconds: this.#playback.targetLatencySeconds } : null;
  }

  get stalls(): number {
    return this.#stalls.stalls;
  }

  get stallSeconds(): number {
    return this.#stalls.stallSeconds(performance.now());
  }

  get renditions(): readonly RenditionInfo[] {
    return this.#playback?.renditions ?? [];
  }

  /** The variant on screen, or null. */
  get rendition(): RenditionInfo | null {
    return this.#playback?.rendition ?? null;
  }

  /** -1 while hls.js chooses, else the pinned variant. */
  get selectedRendition(): number {
    return this.#playback?.selectedRendition ?? -1;
  }

  /** The swarm's counters; null with P2P off. */
  get swarm(): SwarmStats | null {
    return this.#swarm?.stats ?? null;
  }

  get peerId(): string | null {
    return this.#swarm?.peerId ?? null;
  }

  start(): void {
    if (!HlsPlayback.isSupported()) {
      this.#setState('unsupported');
      return;
    }
    this.#connect();
  }

  /** Plays (from the live edge when the buffer fell far behind). Rejects when the browser refuses. */
  async play(): Promise<void> {
    this.#wantPlay = true;
    if (this.#playback === null) return;
    const edge = this.edge;
    if (edge !== null && edge.targetSeconds !== null && edge.behindSeconds > edge.targetSeconds + 6) this.seekToLive();
    await this.#video.play();
  }

  pause(): void {
    this.#wantPlay = false;
    this.#video.pause();
  }

  /** Jumps to hls.js's target distance behind the live edge. */
  seekToLive(): void {
    const v = this.#video;
    const p = this.#playback;
    if (p === null || v.seekable.length === 0) return;
    const end = v.seekable.end(v.seekable.length - 1);
    const target = p.targetLatencySeconds ?? 1.5;
    const position = Math.max(v.seekable.start(0), end - target);
    if (Number.isFinite(position) && Math.abs(position - v.currentTime) > 0.25) v.currentTime = position;
    if (this.#wantPlay && v.paused) void v.play().catch(() => undefined);
  }

  selectRendition(index: number): void {
    this.#playback?.selectRendition(index);
  }

  /** Called by the owner's stats timer: samples latency and hands playback numbers to the swarm. */
  sample(): void {
    const latency = this.latencySeconds;
    const now = performance.now();
    if (latency !== null) this.#latency.add(now, latency);
    this.#swarm?.reportPlayback({ stalls: this.#stalls.stalls, stallSeconds: this.#stalls.stallSeconds(now), latencySeconds: latency ?? 0 });
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#stopPlayback();
    this.#waiter?.destroy();
    this.#waiter = null;
    this.#probe.destroy();
    this.#swarm?.destroy();
    const v = this.#video;
    v.removeEventListener('playing', this.#onPlaying);
    v.removeEventListener('waiting', this.#onWaiting);
    v.removeEventListener('ended', this.#onEnded);
    v.removeEventListener('pause', this.#onPause);
  }

  #connect(): void {
    if (this.#destroyed) return;
    this.#waiter?.destroy();
    this.#waiter = null;
    this.#setState('connecting');
    const swarm = this.#swarm;
    if (swarm !== null && swarm.stream === null) {
      // Joining needs the stream live, which it is now; a refusal leaves playback on the origin.
      swarm.start({ hubUrl: new URL('/hubs/swarm', this.#o.server).href, stream: this.#o.stream }).catch((error: unknown) => {
        console.info('streamswarm: swarm unavailable, playing from the origin only', error);
      });
    }
    this.#playback = new HlsPlayback({
      video: this.#video,
      ...(swarm === null ? {} : { hlsConfig: swarmHlsConfig(swarm, this.#video) }),
      url: new URL(masterPlaylistPath(this.#o.stream), this.#o.server).href,
      events: {
        onManifest: () => {
          this.#o.events.onRenditions(this.renditions);
          this.#startPlaying();
        },
        onEndList: () => {
          // Before the first frame this is the window of a finished broadcast, not something to replay.
          if (this.#state !== 'playing' && this.#state !== 'buffering' && this.#state !== 'paused') this.#goOffline('ended');
        },
        onFailure: (failure, detail) => this.#onFailure(failure, detail),
      },
    });
  }

  #startPlaying(): void {
    if (!this.#wantPlay) {
      this.#setState('paused');
      return;
    }
    this.#video.play().catch((error: unknown) => {
      if (this.#destroyed || !(error instanceof DOMException) || error.name !== 'NotAllowedError') return;
      if (!this.#video.muted) {
        // Autoplay with sound is refused by most browsers without a prior tap: go on muted.
        this.#video.muted = true;
        this.#o.events.onAutoplayMuted();
        this.#startPlaying();
        return;
      }
      this.#wantPlay = false;
      this.#setState('paused');
    });
  }

  #onFailure(failure: PlaybackFailure, detail: string): void {
    console.info(`streamswarm: playback stopped (${failure}: ${detail}); waiting for the stream`);
    this.#failuresInARow++;
    this.#goOffline(failure === 'network' ? 'absent' : 'unreachable');
  }

  #goOffline(reason: OfflineReason): void {
    if (this.#destroyed) return;
    const wasPlaying = this.#playback !== null && this.#stalls.started;
    this.#stopPlayback();
    this.#o.events.onOffline(reason);
    this.#setState('offline');
    if (reason === 'ended' && wasPlaying) this.#o.events.onEnded();
    this.#waiter?.destroy();
    this.#waiter = new LiveWaiter({
      probe: () => this.#probe.probe(),
      onStatus: (status) => this.#o.events.onOffline(status),
      onLive: () => this.#connect(),
      intervalMs: this.#o.offlinePollMs ?? 3_000,
    });
    // Back off when connecting keeps failing although the probe says live: 1 s, 2 s … up to 30 s.
    this.#waiter.start(Math.min(30_000, 500 * 2 ** Math.min(this.#failuresInARow, 6)));
  }

  #stopPlayback(): void {
    this.#stalls.endSession(performance.now());
    this.#latency.clear();
    if (this.#playback !== null) {
      this.#playback.destroy();
      this.#playback = null;
      // Drop the last frame so the offline card is not drawn over a frozen picture.
      this.#video.removeAttribute('src');
      this.#video.load();
    }
  }

  #setState(state: PlayerState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.#o.events.onState(state);
  }

  readonly #onPlaying = (): void => {
    if (this.#playback === null) return;
    this.#stalls.playing(performance.now());
    this.#failuresInARow = 0;
    this.#setState('playing');
  };

  readonly #onWaiting = (): void => {
    if (this.#playback === null) return;
    if (this.#playback.endListSeen && this.bufferSeconds < 0.1) {
      this.#goOffline('ended');
      return;
    }
    this.#stalls.waiting(performance.now(), this.#video.seeking);
    if (this.#stalls.stalled) this.#setState('buffering');
  };

  readonly #onEnded = (): void => {
    if (this.#playback !== null) this.#goOffline('ended');
  };

  readonly #onPause = (): void => {
    // `pause` also fires when the media ends or is torn down; only a real pause counts.
    if (this.#playback !== null && !this.#video.ended && (this.#state === 'playing' || this.#state === 'buffering')) {
      this.#wantPlay = false;
      this.#setState('paused');
    }
  };
}
