import type {
  FragmentLoaderConstructor,
  FragmentLoaderContext,
  HlsConfig,
  Loader,
  LoaderCallbacks,
  LoaderConfiguration,
  LoaderContext,
  LoaderStats,
} from 'hls.js';
import type { LoadedPart, PartRequest } from '../core/index.js';
import { parseSwarmMediaUrl } from './swarm-url.js';

/** What the adapter needs of the engine (a `SwarmEngine` fits; tests pass a fake). */
export interface SwarmPartSource {
  /** The stream the engine joined; URLs of other streams go to hls.js's loader. */
  readonly stream: string | null;
  now(): number;
  loadPart(request: PartRequest, signal: AbortSignal): Promise<LoadedPart>;
}

/** Where playback is: an `HTMLVideoElement` fits. */
export interface PlayheadLike {
  readonly currentTime: number;
  readonly playbackRate: number;
  readonly paused: boolean;
  /** `HTMLMediaElement.readyState`; below 3 (HAVE_FUTURE_DATA) playback is not running yet. */
  readonly readyState: number;
}

/** Longest deadline given to the engine, however far ahead of the playhead a part lies. */
const MAX_SLACK_MS = 10_000;

/**
 * When the player needs a part, on the engine clock: its start on the media timeline minus the
 * playhead, at the playback rate. Before playback runs (startup, seeking, paused) the first frame
 * is what the viewer waits for, so the part is due now and the engine takes the fastest source.
 */
export function partDeadlineMs(nowMs: number, partStartSeconds: number, playhead: PlayheadLike): number {
  if (playhead.paused || playhead.readyState < 3 || !Number.isFinite(partStartSeconds)) return nowMs;
  const rate = playhead.playbackRate > 0.1 ? playhead.playbackRate : 1;
  const slackMs = ((partStartSeconds - playhead.currentTime) / rate) * 1000;
  return nowMs + Math.min(MAX_SLACK_MS, Math.max(0, slackMs));
}

function emptyStats(): LoaderStats {
  return {
    aborted: false,
    loaded: 0,
    retry: 0,
    total: 0,
    chunkCount: 0,
    bwEstimate: 0,
    loading: { start: 0, first: 0, end: 0 },
    parsing: { start: 0, end: 0 },
    buffering: { start: 0, first: 0, end: 0 },
  };
}

/**
 * An hls.js fragment loader (`fLoader`; hls.js uses it for LL-HLS parts too) that asks the swarm
 * engine for media segments and parts of the joined stream, and hands everything else (init
 * segments, byte ranges, other URLs), and anything the engine fails to deliver, to hls.js's
 * default loader. Timing is reported so that ABR sees the transfer, not the wait for a
 * neighbour: `loading.first` is when the bytes started to move, `loading.end` when they arrived.
 */
export function swarmFragmentLoader(engine: SwarmPartSource, playhead: PlayheadLike): FragmentLoaderConstructor {
  return class SwarmFragmentLoader implements Loader<FragmentLoaderContext> {
    context: FragmentLoaderContext | null = null;
    stats: LoaderStats = emptyStats();
    readonly #hlsConfig: HlsConfig;
    #fallback: Loader<LoaderContext> | null = null;
    #controller: AbortController | null = null;
    #callbacks: LoaderCallbacks<FragmentLoaderContext> | null = null;
    #timer: ReturnType<typeof setTimeout> | null = null;
    #destroyed = false;

    constructor(config: HlsConfig) {
      this.#hlsConfig = config;
    }

    load(context: FragmentLoaderContext, config: LoaderConfiguration, callbacks: LoaderCallbacks<FragmentLoaderContext>): void {
      this.context = context;
      const target = parseSwarmMediaUrl(context.url);
      const byteRange = (context.rangeStart ?? 0) !== 0 || (context.rangeEnd ?? 0) !== 0;
      if (target === null || byteRange || target.stream !== engine.stream) {
        this.#loadWithFallback(context, config, callbacks);
        return;
      }
      this.#callbacks = callbacks;
      const controller = new AbortController();
      this.#controller = controller;
      const stats = this.stats;
      stats.loading.start = performance.now();
      const start = context.part?.start ?? context.frag.start;
      const request: PartRequest = {
        url: context.url,
        rendition: target.rendition,
        msn: target.msn,
        part: target.part,
        deadlineMs: partDeadlineMs(engine.now(), start, playhead),
      };
      const maxLoadTimeMs = config.loadPolicy.maxLoadTimeMs;
      if (Number.isFinite(maxLoadTimeMs) && maxLoadTimeMs > 0) {
        this.#timer = setTimeout(() => {
          this.#timer = null;
          const cbs = this.#callbacks;
          this.#callbacks = null;
          controller.abort();
          cbs?.onTimeout(stats, context, null);
        }, maxLoadTimeMs);
      }
      engine.loadPart(request, controller.signal).then(
        (part) => this.#succeed(part, context, controller),
        () => {
          if (controller.signal.aborted || this.#callbacks === null) return;
          // The swarm could not deliver (origin error, hash mismatch, destroyed engine): hls.js's
          // own loader tries the origin with hls.js's retry and error reporting.
          this.#clearTimer();
          const cbs = this.#callbacks;
          this.#callbacks = null;
          this.#controller = null;
          this.#loadWithFallback(context, config, cbs);
        },
      );
    }

    abort(): void {
      if (this.#fallback !== null) {
        // hls.js's loader reports onAbort itself, through the wrapped callbacks.
        this.#fallback.abort();
        return;
      }
      const cbs = this.#callbacks;
      const aborting = this.#controller !== null;
      this.#abortInternal();
      if (aborting && cbs !== null && this.context !== null) cbs.onAbort?.(this.stats, this.context, null);
    }

    destroy(): void {
      // No callbacks after destroy: hls.js calls it from inside its own onAbort handling.
      this.#callbacks = null;
      this.#destroyed = true;
      this.#abortInternal();
      const fallback = this.#fallback;
      this.#fallback = null;
      fallback?.destroy();
      this.context = null;
    }

    #abortInternal(): void {
      this.#clearTimer();
      this.stats.aborted = true;
      this.#controller?.abort();
      this.#controller = null;
      this.#callbacks = null;
    }

    #clearTimer(): void {
      if (this.#timer !== null) clearTimeout(this.#timer);
      this.#timer = null;
    }

    #succeed(part: LoadedPart, context: FragmentLoaderContext, controller: AbortController): void {
      const cbs = this.#callbacks;
      if (controller.signal.aborted || cbs === null) return;
      this.#clearTimer();
      this.#callbacks = null;
      this.#controller = null;
      const stats = this.stats;
      const end = performance.now();
      const transferMs = Math.max(0, part.transferMs);
      // The bytes moved during the last `transferMs`; before that the engine was waiting for a
      // neighbour to have the part, which is latency (TTFB to hls.js), not bandwidth. A part
      // prefetched earlier is reported at the speed it actually came in.
      if (end - stats.loading.start < transferMs) stats.loading.start = end - transferMs;
      stats.loading.first = Math.max(stats.loading.start, end - transferMs);
      stats.loading.end = end;
      stats.loaded = part.bytes.length;
      stats.total = part.bytes.length;
      stats.chunkCount = 1;
      // The engine hands out a copy the caller owns; hls.js may transfer it to its worker.
      const whole = part.bytes.byteOffset === 0 && part.bytes.byteLength === part.bytes.buffer.byteLength;
      const data = (whole ? part.bytes.buffer : part.bytes.slice().buffer) as ArrayBuffer;
      cbs.onSuccess({ url: context.url, data, code: 200 }, stats, context, null);
    }

    #loadWithFallback(context: FragmentLoaderContext, config: LoaderConfiguration, callbacks: LoaderCallbacks<FragmentLoaderContext>): void {
      const Default = this.#hlsConfig.loader;
      const fallback = new Default(this.#hlsConfig);
      this.#fallback = fallback;
      this.#callbacks = callbacks;
      // hls.js holds on to `this.stats` (frag.stats = loader.stats), so the default loader's
      // numbers are copied into it before each callback.
      const sync = (from: LoaderStats): LoaderStats => {
        const to = this.stats;
        to.aborted = from.aborted;
        to.loaded = from.loaded;
        to.total = from.total;
        to.chunkCount = from.chunkCount;
        to.bwEstimate = from.bwEstimate;
        to.retry = from.retry;
        Object.assign(to.loading, from.loading);
        return to;
      };
      const live = (): boolean => !this.#destroyed && this.#fallback === fallback;
      const wrapped: LoaderCallbacks<LoaderContext> = {
        onSuccess: (response, stats, _ctx, details) => {
          if (live()) callbacks.onSuccess(response, sync(stats), context, details);
        },
        onError: (error, _ctx, details, stats) => {
          if (live()) callbacks.onError(error, context, details, sync(stats));
        },
        onTimeout: (stats, _ctx, details) => {
          if (live()) callbacks.onTimeout(sync(stats), context, details);
        },
      };
      if (callbacks.onAbort !== undefined) {
        const onAbort = callbacks.onAbort;
        wrapped.onAbort = (stats, _ctx, details) => {
          if (live()) onAbort(sync(stats), context, details);
        };
      }
      if (callbacks.onProgress !== undefined) {
        const onProgress = callbacks.onProgress;
        wrapped.onProgress = (stats, _ctx, data, details) => {
          if (live()) onProgress(sync(stats), context, data, details);
        };
      }
      fallback.load(context, config, wrapped);
    }
  };
}
