import type { RenditionInfo } from '../hlsjs/hls-playback.js';
import { formatSeconds, MISSING } from '../player/stats-format.js';
import { PlayerControls } from './player-controls.js';
import { parsePlayerOptions, PLAYER_OPTION_NAMES, type PlayerOptions } from './player-options.js';
import { PlayerSession, type OfflineReason, type PlayerState } from './player-session.js';
import { playerContent } from './player-template.js';

/** What {@link StreamSwarmPlayer.stats} and the `stats` event report. */
export interface PlayerStats {
  readonly state: PlayerState;
  readonly stream: string | null;
  /** Glass to glass (capture clock to screen), seconds; null unless playing. */
  readonly latencySeconds: number | null;
  /** Seconds buffered ahead of the playhead. */
  readonly bufferSeconds: number;
  /** Seconds behind the newest part in the playlist; null unless playing. */
  readonly behindLiveSeconds: number | null;
  /** The rendition on screen. */
  readonly rendition: { readonly index: number; readonly width: number; readonly height: number; readonly bitrate: number } | null;
  /** `auto` or the index of the pinned rendition. */
  readonly quality: 'auto' | number;
  readonly stalls: number;
  readonly stallSeconds: number;
  readonly p2p: boolean;
  /** This viewer's id in the swarm, once joined. */
  readonly peerId: string | null;
  readonly peers: number;
  /** Share of media bytes received from peers (0–1); null before any byte arrived or with P2P off. */
  readonly p2pShare: number | null;
  readonly bytesFromPeers: number;
  readonly bytesFromOrigin: number;
  readonly bytesToPeers: number;
}

/** The element's DOM events (all `CustomEvent`s, `bubbles` and `composed`). */
export interface StreamSwarmPlayerEventMap {
  /** Options read and controls wired: the API can be used. `detail`: the options. */
  ready: CustomEvent<PlayerOptions>;
  /** Frames advance (after start, a pause or a stall). */
  playing: CustomEvent<PlayerStats>;
  paused: CustomEvent<PlayerStats>;
  /** Playback stalled after it had started. */
  stalled: CustomEvent<PlayerStats>;
  /** The broadcast ended and its buffer played out. */
  ended: CustomEvent<PlayerStats>;
  /** Not live (not started, ended, unreachable); recovers by itself. `detail.reason` says why. */
  offline: CustomEvent<{ readonly reason: OfflineReason }>;
  /** Muted or volume changed. */
  volume: CustomEvent<{ readonly muted: boolean; readonly volume: number }>;
  /** Every `stats-interval` ms while connected. */
  stats: CustomEvent<PlayerStats>;
  /** Any state change. */
  statechange: CustomEvent<{ readonly state: PlayerState }>;
}

const OFFLINE_TEXT: Record<OfflineReason, string> = {
  absent: 'This stream is not live yet.',
  ended: 'The broadcast has ended.',
  unreachable: 'The server cannot be reached right now.',
};

/** Period of the stats panel refresh and of the `stats` event. */
const PANEL_PERIOD_MS = 500;
const STATS_EVENT_PERIOD_MS = 2_000;

/** The script this module was loaded by (a script-tag bundle), for the default `server`. */
const LOADING_SCRIPT: string | null =
  typeof document !== 'undefined' && document.currentScript instanceof HTMLScriptElement && document.currentScript.src !== ''
    ? document.currentScript.src
    : null;

/**
 * `<stream-swarm-player server="https://live.example" stream="demo">`: a live StreamSwarm stream
 * with its own controls in a shadow root, joining the swarm (P2P) unless `p2p="off"`.
 * Attributes: `server`, `stream`, `autoplay`, `muted`, `controls`, `p2p`, `poster` (docs/embed.md).
 * Bad values are reported with `console.warn` and replaced by their defaults.
 */
export class StreamSwarmPlayer extends HTMLElement {
  static readonly observedAttributes: readonly string[] = PLAYER_OPTION_NAMES;

  readonly #video: HTMLVideoElement;
  readonly #controls: PlayerControls;
  #options: PlayerOptions | null = null;
  #session: PlayerSession | null = null;
  #timer: ReturnType<typeof setInterval> | null = null;
  #lastStatsEvent = 0;
  #restartQueued = false;
  #warned = new Set<string>();
  #state: PlayerState = 'connecting';

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.append(playerContent());
    const video = root.querySelector('video');
    if (video === null) throw new Error('player template has no video');
    this.#video = video;
    this.#controls = new PlayerControls(root, this, video, {
      play: () => void this.play().catch(() => undefined),
      pause: () => this.pause(),
      seekToLive: () => this.seekToLive(),
      selectQuality: (q) => {
        this.quality = q;
      },
    });
    video.addEventListener('volumechange', this.#onVolume);
  }

  connectedCallback(): void {
    this.#controls.attach();
    this.#queueRestart();
  }

  disconnectedCallback(): void {
    this.#controls.detach();
    this.#stop();
  }

  attributeChangedCallback(name: string, oldValue: string | null, newValue: string | null): void {
    if (oldValue === newValue || !this.isConnected) return;
    if (name === 'muted' || name === 'controls' || name === 'poster') {
      this.#applyOptions(this.#readOptions(), false);
      return;
    }
    this.#queueRestart();
  }

  /** Current state; see {@link PlayerState}. */
  get state(): PlayerState {
    return this.#state;
  }

  /** The options in force (after defaults), or null before the element is connected. */
  get options(): PlayerOptions | null {
    return this.#options;
  }

  get muted(): boolean {
    return this.#video.muted;
  }

  set muted(value: boolean) {
    this.#video.muted = value;
    if (!value && this.#video.volume === 0) this.#video.volume = 1;
  }

  /** 0–1. */
  get volume(): number {
    return this.#video.volume;
  }

  set volume(value: number) {
    if (!(value >= 0 && value <= 1)) throw new RangeError(`volume must be between 0 and 1, got ${value}`);
    this.#video.volume = value;
    if (value > 0) this.#video.muted = false;
  }

  /** The renditions to choose from, in playlist order. */
  get renditions(): readonly RenditionInfo[] {
    return this.#session?.renditions ?? [];
  }

  /** `auto` (hls.js chooses) or the index of a rendition in {@link renditions}. */
  get quality(): 'auto' | number {
    const selected = this.#session?.selectedRendition ?? -1;
    return selected < 0 ? 'auto' : selected;
  }

  set quality(value: 'auto' | number) {
    const index = value === 'auto' ? -1 : value;
    this.#session?.selectRendition(index);
    this.#controls.showQuality(this.quality, this.#session?.rendition ?? null);
  }

  get stats(): PlayerStats {
    const s = this.#session;
    const swarm = s?.swarm ?? null;
    const received = swarm === null ? 0 : swarm.bytesFromPeers + swarm.bytesFromOrigin;
    const rendition = s?.rendition ?? null;
    const edge = s?.edge ?? null;
    return {
      state: this.#state,
      stream: this.#options?.stream ?? null,
      latencySeconds: s?.latencySeconds ?? null,
      bufferSeconds: s?.bufferSeconds ?? 0,
      behindLiveSeconds: this.#state === 'playing' || this.#state === 'buffering' ? (edge?.behindSeconds ?? null) : null,
      rendition: rendition === null ? null : { index: rendition.index, width: rendition.width, height: rendition.height, bitrate: rendition.bitrate },
      quality: this.quality,
      stalls: s?.stalls ?? 0,
      stallSeconds: s?.stallSeconds ?? 0,
      p2p: swarm !== null,
      peerId: s?.peerId ?? null,
      peers: swarm?.peers ?? 0,
      p2pShare: swarm === null || received === 0 ? null : swarm.bytesFromPeers / received,
      bytesFromPeers: swarm?.bytesFromPeers ?? 0,
      bytesFromOrigin: swarm?.bytesFromOrigin ?? 0,
      bytesToPeers: swarm?.bytesToPeers ?? 0,
    };
  }

  /** Plays; rejects when the browser refuses (autoplay policy) or nothing is loaded. */
  async play(): Promise<void> {
    if (this.#session === null) throw new Error('the player has no stream to play');
    await this.#session.play();
  }

  pause(): void {
    this.#session?.pause();
  }

  /** Jumps back to the live edge (the latency target behind it). */
  seekToLive(): void {
    this.#session?.seekToLive();
  }

  /** Shows or hides the stats panel. */
  toggleStats(visible?: boolean): void {
    this.#controls.toggleStats(visible);
    this.#refresh();
  }

  #readOptions(): PlayerOptions {
    const page = typeof location === 'undefined' ? 'http://localhost/' : location.href;
    const defaultServer = new URL('/', LOADING_SCRIPT ?? page).href;
    const { options, problems } = parsePlayerOptions((name) => this.getAttribute(name), page, defaultServer);
    for (const p of problems) {
      const key = `${p.option}=${p.value}`;
      if (this.#warned.has(key)) continue;
      this.#warned.add(key);
      console.warn(`<${this.localName}>: ${p.message}`);
    }
    return options;
  }

  #applyOptions(options: PlayerOptions, initial: boolean): void {
    const previous = this.#options;
    this.#options = options;
    this.#controls.setVisible(options.controls);
    if (options.poster === null) this.#video.removeAttribute('poster');
    else this.#video.poster = options.poster;
    if (initial || previous?.muted !== options.muted) this.#video.muted = options.muted;
    this.#controls.showVolume();
  }

  #queueRestart(): void {
    if (this.#restartQueued) return;
    this.#restartQueued = true;
    // Batch the attributes a page sets one after the other into one start.
    queueMicrotask(() => {
      this.#restartQueued = false;
      if (this.isConnected) this.#start();
    });
  }

  #start(): void {
    this.#stop();
    const options = this.#readOptions();
    this.#applyOptions(options, true);
    this.#controls.reset();
    if (options.stream === null) {
      this.#controls.showMessage('No stream to play', 'Set the stream attribute to the name of a live stream.');
      this.#setState('invalid');
      this.#emit('ready', options);
      return;
    }
    this.#session = new PlayerSession({
      video: this.#video,
      server: options.server,
      stream: options.stream,
      p2p: options.p2p,
      autoplay: options.autoplay,
      events: {
        onState: (state) => this.#setState(state),
        onOffline: (reason) => {
          this.#controls.showMessage('Stream offline', `${OFFLINE_TEXT[reason]} The player starts by itself when it goes live.`);
          this.#emit('offline', { reason });
        },
        onRenditions: (list) => this.#controls.setRenditions(list, this.quality),
        onEnded: () => this.#emit('ended', this.stats),
        onAutoplayMuted: () => this.#controls.flagMuted(),
      },
    });
    this.#timer = setInterval(this.#refresh, PANEL_PERIOD_MS);
    this.#emit('ready', options);
    this.#session.start();
    this.#refresh();
  }

  #stop(): void {
    if (this.#timer !== null) {
      clearInterval(this.#timer);
      this.#timer = null;
    }
    this.#session?.destroy();
    this.#session = null;
  }

  #setState(state: PlayerState): void {
    const previous = this.#state;
    if (previous === state) return;
    this.#state = state;
    this.#controls.setState(state);
    this.#emit('statechange', { state });
    if (state === 'playing') this.#emit('playing', this.stats);
    else if (state === 'paused' && (previous === 'playing' || previous === 'buffering')) this.#emit('paused', this.stats);
    else if (state === 'buffering') this.#emit('stalled', this.stats);
    this.#refresh();
  }

  #emit<K extends keyof StreamSwarmPlayerEventMap>(type: K, detail: StreamSwarmPlayerEventMap[K]['detail']): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  readonly #onVolume = (): void => {
    this.#controls.showVolume();
    this.#emit('volume', { muted: this.#video.muted, volume: this.#video.volume });
  };

  readonly #refresh = (): void => {
    const s = this.#session;
    if (s === null) return;
    s.sample();
    const stats = this.stats;
    const edge = s.edge;
    const atEdge = edge === null || edge.targetSeconds === null || this.#state !== 'playing' ? this.#state !== 'paused' : edge.behindSeconds <= edge.targetSeconds + 3;
    this.#controls.showLive(atEdge);
    this.#controls.showQuality(stats.quality, s.rendition);
    this.#controls.updateStats([
      ['P2P share', stats.p2p ? (stats.p2pShare === null ? MISSING : `${Math.round(stats.p2pShare * 100)} %`) : 'off'],
      ['peers', stats.p2p ? String(stats.peers) : MISSING],
      ['latency', stats.latencySeconds === null ? MISSING : `${formatSeconds(stats.latencySeconds, 1)} (avg ${formatSeconds(s.averageLatencySeconds, 1)})`],
      ['buffer', s.state === 'offline' ? MISSING : formatSeconds(stats.bufferSeconds, 1)],
      ['quality', stats.rendition === null ? MISSING : `${stats.rendition.height}p${stats.quality === 'auto' ? ' (auto)' : ''}`],
      ['stalls', `${stats.stalls} (${formatSeconds(stats.stallSeconds, 1)})`],
      ['state', stats.state],
    ]);
    const now = performance.now();
    if (now - this.#lastStatsEvent >= STATS_EVENT_PERIOD_MS - PANEL_PERIOD_MS / 2) {
      this.#lastStatsEvent = now;
      this.#emit('stats', stats);
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'stream-swarm-player': StreamSwarmPlayer;
  }
}
