import type { SwarmEngine } from '../core/swarm-engine';
import { swarmHlsConfig } from '../hlsjs/attach-swarm.js';
import { HlsPlayback, type PlaybackFailure } from '../hlsjs/hls-playback';
import type { LowLatencyOptions } from '../hlsjs/low-latency-config';
import { bufferAheadSeconds } from './buffer-ahead';
import { LatencyWindow, liveLatencySeconds } from './latency-window';
import { LiveWaiter } from './live-waiter';
import { StallCounter } from './stall-counter';
import { formatBitrate, formatDroppedFrames, formatMegabytes, formatResolution, formatSeconds, formatShare, MISSING } from './stats-format';
import { StatsOverlay } from './stats-overlay';
import { masterPlaylistPath } from './stream-name';
import { StreamProbe, type StreamStatus } from './stream-probe';
import type { ViewerState } from './viewer-state';

/** The page elements a {@link Viewer} drives; all exist in `wwwroot/watch.html`. */
export interface ViewerElements {
  /** Holds the video and overlays; gets `data-state` for styling. */
  readonly stage: HTMLElement;
  readonly video: HTMLVideoElement;
  /** Shown while offline; its `[data-offline-detail]` child gets the reason. */
  readonly offline: HTMLElement;
  readonly unmute: HTMLButtonElement;
  /** Shown when autoplay was refused. */
  readonly play: HTMLButtonElement;
  readonly stats: HTMLElement;
  readonly statsToggle: HTMLButtonElement | null;
  readonly fullscreen: HTMLButtonElement | null;
  /** Shown while the stream plays live. */
  readonly liveBadge: HTMLElement | null;
}

/** Options of a {@link Viewer}. */
export interface ViewerOptions {
  readonly stream: string;
  /**
   * Base URL of the origin.
   * @default location.href
   */
  readonly originBaseUrl?: string;
  /** Latency tuning passed to hls.js; see `LowLatencyOptions` for the defaults. */
  readonly latency?: LowLatencyOptions;
  /**
   * Pause between probes while offline.
   * @default 3000
   */
  readonly offlinePollMs?: number;
  /**
   * Stats overlay refresh period.
   * @default 500
   */
  readonly statsPeriodMs?: number;
  /**
   * The swarm engine that loads segments and parts from peers (and the origin when peers cannot
   * make the deadline). Without one, everything comes from the origin.
   * @default null
   */
  readonly swarm?: SwarmEngine | null;
}

const OFFLINE_TEXT: Record<Exclude<StreamStatus, 'live'>, string> = {
  absent: 'The stream has not started yet.',
  ended: 'The broadcast has ended.',
  unreachable: 'The server cannot be reached right now.',
};

/**
 * The viewer: plays one stream with hls.js, shows offline while it is not live and comes back by
 * itself, counts stalls and measures latency. Construct, then {@link start}; {@link destroy} tears
 * everything down.
 */
export class Viewer {
  readonly #el: ViewerElements;
  readonly #stream: string;
  readonly #options: ViewerOptions;
  readonly #stalls = new StallCounter();
  readonly #latency = new LatencyWindow();
  readonly #overlay: StatsOverlay;
  readonly #probe: StreamProbe;
  #state: ViewerState = 'connecting';
  #playback: HlsPlayback | null = null;
  #waiter: LiveWaiter | null = null;
  #statsTimer: ReturnType<typeof setInterval> | null = null;
  #failuresInARow = 0;
  #destroyed = false;

  constructor(elements: ViewerElements, options: ViewerOptions) {
    this.#el = elements;
    this.#stream = options.stream;
    this.#options = options;
    this.#overlay = new StatsOverlay(elements.stats, elements.statsToggle);
    this.#probe = new StreamProbe({
      stream: options.stream,
      baseUrl: options.originBaseUrl ?? location.href,
    });
    const v = elements.video;
    // Browsers allow autoplay only without sound; the unmute button gives the sound back.
    v.muted = true;
    v.autoplay = true;
    v.playsInline = true;
    v.addEventListener('playing', this.#onPlaying);
    v.addEventListener('waiting', this.#onWaiting);
    v.addEventListener('ended', this.#onEnded);
    v.addEventListener('pause', this.#onPause);
    v.addEventListener('volumechange', this.#onVolumeChange);
    elements.unmute.addEventListener('click', this.#onUnmuteClick);
    elements.play.addEventListener('click', this.#onPlayClick);
    elements.fullscreen?.addEventListener('click', this.#onFullscreenClick);
    this.#onVolumeChange();
  }

  get state(): ViewerState {
    return this.#state;
  }

  /** Glass-to-glass latency now: `Date.now() - playingDate`; null when nothing plays. */
  get latencySeconds(): number | null {
    if (this.#playback === null || (this.#state !== 'playing' && this.#state !== 'buffering')) {
      return null;
    }
    return liveLatencySeconds(Date.now(), this.#playback.playingDate);
  }

  /** Seconds buffered ahead of the playhead. */
  get bufferSeconds(): number {
    if (this.#playback === null) {
      return 0;
    }
    return bufferAheadSeconds(this.#el.video.buffered, this.#el.video.currentTime);
  }

  get stalls(): number {
    return this.#stalls.stalls;
  }

  get stallSeconds(): number {
    return this.#stalls.stallSeconds(performance.now());
  }

  start(): void {
    if (!HlsPlayback.isSupported()) {
      this.#setState('unsupported');
      return;
    }
    this.#statsTimer = setInterval(this.#refreshStats, this.#options.statsPeriodMs ?? 500);
    this.#refreshStats();
    this.#connect();
  }

  destroy(): void {
    if (this.#destroyed) {
      return;
    }
    this.#destroyed = true;
    this.#stopPlayback();
    this.#waiter?.destroy();
    this.#waiter = null;
    this.#probe.destroy();
    if (this.#statsTimer !== null) {
      clearInterval(this.#statsTimer);
      this.#statsTimer = null;
    }
    const v = this.#el.video;
    v.removeEventListener('playing', this.#onPlaying);
    v.removeEventListener('waiting', this.#onWaiting);
    v.removeEventListener('ended', this.#onEnded);
    v.removeEventListener('pause', this.#onPause);
    v.removeEventListener('volumechange', this.#onVolumeChange);
    this.#el.unmute.removeEventListener('click', this.#onUnmuteClick);
    this.#el.play.removeEventListener('click', this.#onPlayClick);
    this.#el.fullscreen?.removeEventListener('click', this.#onFullscreenClick);
    this.#overlay.destroy();
  }

  #connect(): void {
    if (this.#destroyed) {
      return;
    }
    this.#waiter?.destroy();
    this.#waiter = null;
    this.#setState('connecting');
    const swarm = this.#options.swarm ?? null;
    if (swarm !== null && swarm.stream === null) {
      // Joining needs the stream live; a refused or failed join is retried by the engine with
      // back-off, and playback runs from the origin meanwhile.
      swarm.start({ hubUrl: new URL('/hubs/swarm', this.#options.originBaseUrl ?? location.href).href, stream: this.#stream }).catch((error: unknown) => {
        console.info('streamswarm: swarm not joined yet, playing from the origin; retrying', error);
      });
    } else if (swarm !== null) {
      // Connecting again means the probe saw the stream live: no need to wait out the back-off.
      swarm.rejoinNow();
    }
    this.#playback = new HlsPlayback({
      video: this.#el.video,
      ...(swarm === null ? {} : { hlsConfig: swarmHlsConfig(swarm, this.#el.video) }),
      url: new URL(masterPlaylistPath(this.#stream), this.#options.originBaseUrl ?? location.href).href,
      ...(this.#options.latency === undefined ? {} : { latency: this.#options.latency }),
      events: {
        onManifest: () => this.#tryPlay(),
        onEndList: () => {
          // While playing, the buffer plays out and `ended` (or the stall at its end) takes the
          // page offline. Before the first frame this is the readable window of a finished
          // broadcast: not something to replay as if live.
          if (this.#state !== 'playing' && this.#state !== 'buffering') {
            this.#goOffline('ended');
          }
        },
        onFailure: (failure, detail) => this.#onFailure(failure, detail),
      },
    });
  }

  #tryPlay(): void {
    this.#el.video.play().catch((error: unknown) => {
      if (error instanceof DOMException && error.name === 'NotAllowedError' && !this.#destroyed) {
        // Even muted autoplay can be refused (data saver, site settings): ask for a tap.
        this.#setState('paused');
      }
    });
  }

  #onFailure(failure: PlaybackFailure, detail: string): void {
    console.info(`streamswarm: playback stopped (${failure}: ${detail}); waiting for the stream`);
    this.#failuresInARow++;
    this.#goOffline(failure === 'network' ? 'absent' : 'unreachable');
  }

  #goOffline(reason: Exclude<StreamStatus, 'live'>): void {
    if (this.#destroyed) {
      return;
    }
    this.#stopPlayback();
    this.#setOfflineText(reason);
    this.#setState('offline');
    this.#waiter?.destroy();
    this.#waiter = new LiveWaiter({
      probe: () => this.#probe.probe(),
      onStatus: (status) => this.#setOfflineText(status),
      onLive: () => this.#connect(),
      intervalMs: this.#options.offlinePollMs ?? 3_000,
    });
    // Back off when connecting keeps failing although the probe says live (a broken rendition,
    // an origin that serves playlists but not media): 1 s, 2 s, 4 s … up to 30 s.
    const delayMs = Math.min(30_000, 500 * 2 ** Math.min(this.#failuresInARow, 6));
    this.#waiter.start(delayMs);
  }

  #stopPlayback(): void {
    const now = performance.now();
    this.#stalls.endSession(now);
    this.#latency.clear();
    if (this.#playback !== null) {
      this.#playback.destroy();
      this.#playback = null;
      // Drop the last frame so the offline card is not drawn over a frozen picture.
      this.#el.video.removeAttribute('src');
      this.#el.video.load();
    }
  }

  #setState(state: ViewerState): void {
    if (this.#state === state) {
      return;
    }
    this.#state = state;
    this.#el.stage.dataset['state'] = state;
    this.#el.offline.hidden = state !== 'offline';
    this.#el.play.hidden = state !== 'paused';
    if (this.#el.liveBadge !== null) {
      this.#el.liveBadge.hidden = state !== 'playing' && state !== 'buffering';
    }
    this.#refreshStats();
  }

  #setOfflineText(status: Exclude<StreamStatus, 'live'>): void {
    const detail = this.#el.offline.querySelector<HTMLElement>('[data-offline-detail]');
    if (detail !== null) {
      detail.textContent = `${OFFLINE_TEXT[status]} This page starts playing by itself when the stream goes live.`;
    }
  }

  readonly #onPlaying = (): void => {
    if (this.#playback === null) {
      return;
    }
    this.#stalls.playing(performance.now());
    this.#failuresInARow = 0;
    this.#setState('playing');
  };

  readonly #onWaiting = (): void => {
    if (this.#playback === null) {
      return;
    }
    if (this.#playback.endListSeen && this.bufferSeconds < 0.1) {
      this.#goOffline('ended');
      return;
    }
    this.#stalls.waiting(performance.now(), this.#el.video.seeking);
    if (this.#stalls.stalled) {
      this.#setState('buffering');
    }
  };

  readonly #onEnded = (): void => {
    if (this.#playback !== null) {
      this.#goOffline('ended');
    }
  };

  readonly #onPause = (): void => {
    const v = this.#el.video;
    // `pause` also fires when the media ends or is torn down; only a real pause shows the button.
    if (this.#playback !== null && !v.ended && this.#state === 'playing') {
      this.#setState('paused');
    }
  };

  readonly #onVolumeChange = (): void => {
    const v = this.#el.video;
    const muted = v.muted || v.volume === 0;
    this.#el.unmute.textContent = muted ? 'Unmute' : 'Mute';
    this.#el.unmute.setAttribute('aria-pressed', String(!muted));
    this.#el.unmute.classList.toggle('attention', muted);
    this.#el.unmute.hidden = false;
  };

  readonly #onUnmuteClick = (): void => {
    const v = this.#el.video;
    v.muted = !v.muted;
    if (!v.muted && v.volume === 0) {
      v.volume = 1;
    }
  };

  readonly #onPlayClick = (): void => {
    if (this.#playback === null) {
      return;
    }
    this.#el.video.play().catch(() => {
      // Still refused; the button stays.
    });
  };

  readonly #onFullscreenClick = (): void => {
    if (document.fullscreenElement !== null) {
      void document.exitFullscreen();
    } else {
      void this.#el.stage.requestFullscreen().catch(() => {
        // Not allowed (iframe without allowfullscreen): nothing to do.
      });
    }
  };

  readonly #refreshStats = (): void => {
    const now = performance.now();
    const latency = this.latencySeconds;
    if (latency !== null) {
      this.#latency.add(now, latency);
    }
    const p = this.#playback;
    const rendition = p?.rendition ?? null;
    const swarm = this.#options.swarm ?? null;
    swarm?.reportPlayback({ stalls: this.#stalls.stalls, stallSeconds: this.#stalls.stallSeconds(now), latencySeconds: latency ?? 0 });
    const s = swarm?.stats ?? null;
    const received = s === null ? 0 : s.bytesFromPeers + s.bytesFromOrigin;
    const quality =
      typeof this.#el.video.getVideoPlaybackQuality === 'function' ? this.#el.video.getVideoPlaybackQuality() : null;
    this.#overlay.update([
      { label: 'state', value: this.#state },
      {
        label: 'latency',
        value: latency === null ? MISSING : `${formatSeconds(latency)} (10 s avg ${formatSeconds(this.#latency.average)})`,
        title: 'Glass to glass: now minus the capture time of the frame on screen (EXT-X-PROGRAM-DATE-TIME).',
      },
      {
        label: 'behind edge',
        value:
          p === null || latency === null
            ? MISSING
            : `${formatSeconds(p.edgeLatencySeconds)} / target ${formatSeconds(p.targetLatencySeconds, 1)}`,
        title: 'Distance from the newest part in the playlist, and the distance hls.js aims for.',
      },
      { label: 'buffer', value: p === null ? MISSING : formatSeconds(this.bufferSeconds) },
      {
        label: 'rendition',
        value:
          rendition === null
            ? MISSING
            : `${formatResolution(rendition.width, rendition.height)} · ${formatBitrate(rendition.bitrate)}` +
              (rendition.of > 1 ? ` (${rendition.index + 1}/${rendition.of})` : ''),
      },
      {
        label: 'dropped',
        value: formatDroppedFrames(quality?.droppedVideoFrames ?? null, quality?.totalVideoFrames ?? null),
        title: 'Dropped / decoded video frames since the page opened.',
      },
      {
        label: 'stalls',
        value: `${this.#stalls.stalls} (${formatSeconds(this.#stalls.stallSeconds(now), 1)})`,
        title: 'Waiting events after playback started, and the time spent waiting.',
      },
      {
        label: 'P2P share',
        value: s === null ? 'off' : formatShare(s.bytesFromPeers, received),
        title: 'Bytes of segments and parts received from peers, of all received (peers and origin).',
      },
      {
        label: 'peers',
        value: s === null ? MISSING : String(s.peers) + (swarm?.peerId == null ? ' (joining)' : ''),
        title: 'Neighbours with an open data channel; "joining" while the swarm hub is not joined (retried with back-off).',
      },
      {
        label: 'down',
        value: s === null ? MISSING : `${formatMegabytes(received)} (peers ${formatMegabytes(s.bytesFromPeers)} · origin ${formatMegabytes(s.bytesFromOrigin)})`,
        title: 'Media bytes received since the page opened, and from where.',
      },
      {
        label: 'up',
        value: s === null ? MISSING : formatMegabytes(s.bytesToPeers),
        title: 'Media bytes sent to peers since the page opened.',
      },
    ]);
  };
}
