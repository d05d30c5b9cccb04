import Hls, { ErrorTypes, Events, type ErrorData, type HlsConfig, type LevelUpdatedData } from 'hls.js';
import {
  effectiveLatencyTarget,
  lowLatencyHlsConfig,
  resolveLowLatencyOptions,
  type LowLatencyOptions,
} from './low-latency-config';

/** The rendition being shown. */
export interface RenditionInfo {
  /** Declared BANDWIDTH of the variant, bits per second. */
  readonly bitrate: number;
  readonly width: number;
  readonly height: number;
  /** The variant's index in the multivariant playlist. */
  readonly index: number;
  /** Number of variants to choose from. */
  readonly of: number;
}

/** Why a playback gave up. */
export type PlaybackFailure =
  /** The playlist could not be loaded (404 when the stream is not live) or stopped updating. */
  | 'network'
  /** The decoder failed and recovery did not help. */
  | 'media'
  /** Anything else hls.js reports as fatal. */
  | 'other';

/** What a {@link HlsPlayback} tells its owner. */
export interface HlsPlaybackEvents {
  /** The multivariant playlist was parsed; the video can be asked to play. */
  readonly onManifest: () => void;
  /** A media playlist carried EXT-X-ENDLIST: the broadcast is over, the buffer still plays out. */
  readonly onEndList: () => void;
  /** hls.js gave up; the playback must be destroyed. `detail` is hls.js's error detail. */
  readonly onFailure: (failure: PlaybackFailure, detail: string) => void;
}

/** Options of a {@link HlsPlayback}. */
export interface HlsPlaybackOptions {
  readonly video: HTMLVideoElement;
  /** The multivariant playlist URL. */
  readonly url: string;
  readonly events: HlsPlaybackEvents;
  /** Latency tuning; see {@link LowLatencyOptions} for the defaults. */
  readonly latency?: LowLatencyOptions;
  /**
   * Fatal media errors recovered in place (`recoverMediaError`, then with `swapAudioCodec`)
   * before giving up.
   * @default 2
   */
  readonly mediaRecoveries?: number;
  /**
   * hls.js settings merged over the low-latency ones, e.g. the swarm's fragment loader
   * (`swarmHlsConfig`).
   * @default {}
   */
  readonly hlsConfig?: Partial<HlsConfig>;
}

/**
 * One hls.js session on one video element: loads the stream in low-latency mode, keeps the
 * latency target at or above the playlist's PART-HOLD-BACK, recovers decoder errors in place and
 * reports the end of the broadcast and unrecoverable failures. Create a new one for each attempt.
 */
export class HlsPlayback {
  readonly #hls: Hls;
  readonly #events: HlsPlaybackEvents;
  readonly #latency: Required<LowLatencyOptions>;
  readonly #mediaRecoveries: number;
  #recoveriesUsed = 0;
  #appliedTarget: number;
  #endListSeen = false;
  #destroyed = false;

  static isSupported(): boolean {
    return Hls.isSupported();
  }

  constructor(options: HlsPlaybackOptions) {
    this.#events = options.events;
    this.#latency = resolveLowLatencyOptions(options.latency);
    this.#appliedTarget = this.#latency.targetLatencySeconds;
    this.#mediaRecoveries = options.mediaRecoveries ?? 2;
    this.#hls = new Hls({ ...lowLatencyHlsConfig(this.#latency), ...options.hlsConfig });
    this.#hls.on(Events.MANIFEST_PARSED, this.#onManifestParsed);
    this.#hls.on(Events.LEVEL_UPDATED, this.#onLevelUpdated);
    this.#hls.on(Events.ERROR, this.#onError);
    this.#hls.loadSource(options.url);
    this.#hls.attachMedia(options.video);
  }

  /** Capture wall clock of the frame on screen (EXT-X-PROGRAM-DATE-TIME), or null. */
  get playingDate(): Date | null {
    return this.#hls.playingDate;
  }

  /** Seconds behind the live edge as hls.js measures it. */
  get edgeLatencySeconds(): number {
    return this.#hls.latency;
  }

  /** Seconds behind the live edge hls.js aims for now (target plus stall back-off). */
  get targetLatencySeconds(): number | null {
    return this.#hls.targetLatency;
  }

  get endListSeen(): boolean {
    return this.#endListSeen;
  }

  /** The rendition on screen, or null before the first one is chosen. */
  get rendition(): RenditionInfo | null {
    const levels = this.#hls.levels;
    const index = this.#hls.currentLevel;
    const level = index >= 0 ? levels[index] : undefined;
    if (level === undefined) {
      return null;
    }
    return { bitrate: level.bitrate, width: level.width, height: level.height, index, of: levels.length };
  }

  /** Every variant of the multivariant playlist, in its order (empty before the manifest is parsed). */
  get renditions(): RenditionInfo[] {
    const levels = this.#hls.levels;
    return levels.map((level, index) => ({ bitrate: level.bitrate, width: level.width, height: level.height, index, of: levels.length }));
  }

  /** The variant chosen with {@link selectRendition}, or -1 while hls.js picks (ABR). */
  get selectedRendition(): number {
    return this.#hls.autoLevelEnabled ? -1 : this.#hls.manualLevel;
  }

  /**
   * Pins playback to one variant (its index in {@link renditions}), or gives the choice back to
   * hls.js's ABR with -1. Switches at the next fragment (`nextLevel`) instead of flushing the
   * buffer, so live playback does not stall on a manual switch.
   */
  selectRendition(index: number): void {
    const count = this.#hls.levels.length;
    if (!Number.isInteger(index) || index < -1 || index >= count) {
      throw new RangeError(`rendition must be -1 (auto) or 0–${count - 1}, got ${index}`);
    }
    this.#hls.nextLevel = index;
  }

  destroy(): void {
    if (this.#destroyed) {
      return;
    }
    this.#destroyed = true;
    this.#hls.off(Events.MANIFEST_PARSED, this.#onManifestParsed);
    this.#hls.off(Events.LEVEL_UPDATED, this.#onLevelUpdated);
    this.#hls.off(Events.ERROR, this.#onError);
    this.#hls.destroy();
  }

  readonly #onManifestParsed = (): void => {
    this.#events.onManifest();
  };

  readonly #onLevelUpdated = (_event: Events.LEVEL_UPDATED, data: LevelUpdatedData): void => {
    const details = data.details;
    if (!details.live) {
      if (!this.#endListSeen) {
        this.#endListSeen = true;
        this.#events.onEndList();
      }
      return;
    }
    const { targetSeconds, maxSeconds } = effectiveLatencyTarget(
      this.#latency,
      details.partHoldBack,
      details.targetduration,
    );
    this.#hls.config.liveMaxLatencyDuration = maxSeconds;
    if (targetSeconds !== this.#appliedTarget) {
      // The setter also clears hls.js's stall back-off, so only when the target really changes.
      this.#appliedTarget = targetSeconds;
      this.#hls.targetLatency = targetSeconds;
    }
  };

  readonly #onError = (_event: Events.ERROR, data: ErrorData): void => {
    if (!data.fatal || this.#destroyed) {
      return;
    }
    if (data.type === ErrorTypes.MEDIA_ERROR && this.#recoveriesUsed < this.#mediaRecoveries) {
      // hls.js's documented recovery: a fresh MediaSource first, then the other audio codec
      // signalling (some AAC streams decode only as HE-AAC or only as LC).
      if (this.#recoveriesUsed > 0) {
        this.#hls.swapAudioCodec();
      }
      this.#recoveriesUsed++;
      this.#hls.recoverMediaError();
      return;
    }
    const failure: PlaybackFailure =
      data.type === ErrorTypes.NETWORK_ERROR ? 'network' : data.type === ErrorTypes.MEDIA_ERROR ? 'media' : 'other';
    this.#events.onFailure(failure, data.details);
  };
}
