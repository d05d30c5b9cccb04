import { test } from 'node:test';
import assert from 'node:assert/strict';
import type {
  FragmentLoaderContext,
  HlsConfig,
  Loader,
  LoaderCallbacks,
  LoaderConfiguration,
  LoaderContext,
  LoaderStats,
} from 'hls.js';
import type { LoadedPart, PartRequest, SwarmEngine } from '../core/index.js';
import { attachSwarm, swarmHlsConfig } from './attach-swarm.js';
import { partDeadlineMs, swarmFragmentLoader, type PlayheadLike, type SwarmPartSource } from './swarm-fragment-loader.js';
import { parseSwarmMediaUrl } from './swarm-url.js';

test('segment and part URLs map to swarm requests', () => {
  assert.deepEqual(parseSwarmMediaUrl('http://127.0.0.1:5000/live/demo/main/42.m4s'), { stream: 'demo', rendition: 'main', msn: 42, part: 255 });
  assert.deepEqual(parseSwarmMediaUrl('https://cdn.example/live/demo/720p/7.3.m4s'), { stream: 'demo', rendition: '720p', msn: 7, part: 3 });
  assert.deepEqual(parseSwarmMediaUrl('/live/a_b-c/low/0.0.m4s'), { stream: 'a_b-c', rendition: 'low', msn: 0, part: 0 });
  assert.deepEqual(parseSwarmMediaUrl('/live/demo/main/12.99.m4s'), { stream: 'demo', rendition: 'main', msn: 12, part: 99 });
});

test('playlists, init segments, query strings and odd numbers fall through', () => {
  for (const url of [
    'http://h/live/demo/main/index.m3u8',
    'http://h/live/demo/master.m3u8',
    'http://h/live/demo/main/init.mp4',
    'http://h/live/demo/main/42.m4s?_HLS_part=1',
    'http://h/live/demo/main/042.m4s',
    'http://h/live/demo/main/1.100.m4s',
    'http://h/live/demo/main/1.01.m4s',
    'http://h/live/Demo/main/1.m4s',
    'http://h/other/demo/main/1.m4s',
    'http://h/live/demo/main/99999999999.m4s',
    'not a url at all ::',
  ]) {
    assert.equal(parseSwarmMediaUrl(url), null, url);
  }
});

const playing: PlayheadLike = { currentTime: 100, playbackRate: 1, paused: false, readyState: 4 };

test('the deadline is the part start minus the playhead, at the playback rate', () => {
  assert.equal(partDeadlineMs(5000, 101.25, playing), 6250);
  assert.equal(partDeadlineMs(5000, 101, { ...playing, playbackRate: 2 }), 5500);
  assert.equal(partDeadlineMs(5000, 99, playing), 5000, 'already late: due now');
  assert.equal(partDeadlineMs(5000, 1000, playing), 15_000, 'capped');
  assert.equal(partDeadlineMs(5000, 101, { ...playing, readyState: 1 }), 5000, 'startup: due now');
  assert.equal(partDeadlineMs(5000, 101, { ...playing, paused: true }), 5000);
});

class FakeEngine implements SwarmPartSource {
  stream: string | null = 'demo';
  readonly requests: PartRequest[] = [];
  readonly signals: AbortSignal[] = [];
  result: Promise<LoadedPart> = Promise.resolve({ bytes: Uint8Array.of(1, 2, 3), source: 'peer', transferMs: 40 });
  now(): number {
    return 1000;
  }
  loadPart(request: PartRequest, signal: AbortSignal): Promise<LoadedPart> {
    this.requests.push(request);
    this.signals.push(signal);
    return this.result;
  }
}

/** Stands in for hls.js's default loader (`config.loader`). */
class FakeDefaultLoader implements Loader<LoaderContext> {
  static loads: string[] = [];
  context: LoaderContext | null = null;
  stats: LoaderStats = {
    aborted: false, loaded: 0, retry: 0, total: 0, chunkCount: 0, bwEstimate: 0,
    loading: { start: 0, first: 0, end: 0 }, parsing: { start: 0, end: 0 }, buffering: { start: 0, first: 0, end: 0 },
  };
  load(context: LoaderContext, _config: LoaderConfiguration, callbacks: LoaderCallbacks<LoaderContext>): void {
    FakeDefaultLoader.loads.push(context.url);
    this.context = context;
    this.stats.loading = { start: 1, first: 2, end: 3 };
    this.stats.loaded = this.stats.total = 9;
    this.callbacks = callbacks;
    queueMicrotask(() => this.callbacks?.onSuccess({ url: context.url, data: new ArrayBuffer(9) }, this.stats, context, null));
  }
  callbacks: LoaderCallbacks<LoaderContext> | null = null;
  static aborts = 0;
  static destroys = 0;
  abort(): void {
    FakeDefaultLoader.aborts++;
    // Like hls.js's XhrLoader: abort reports onAbort.
    if (this.context !== null) this.callbacks?.onAbort?.(this.stats, this.context, null);
  }
  destroy(): void {
    FakeDefaultLoader.destroys++;
    this.callbacks = null;
  }
}

const hlsConfig = { loader: FakeDefaultLoader } as unknown as HlsConfig;
const loaderConfig = (maxLoadTimeMs = 20_000) => ({ loadPolicy: { maxLoadTimeMs } }) as unknown as LoaderConfiguration;
const context = (url: string, start = 101, partStart: number | null = null): FragmentLoaderContext =>
  ({ url, type: 'media-fragment', responseType: 'arraybuffer', frag: { start }, part: partStart === null ? null : { start: partStart }, rangeStart: 0, rangeEnd: 0 }) as unknown as FragmentLoaderContext;

interface Recorded {
  calls: string[];
  data: ArrayBuffer | null;
  stats: LoaderStats | null;
  done: Promise<void>;
  callbacks: LoaderCallbacks<FragmentLoaderContext>;
}

function record(): Recorded {
  let finish: () => void = () => undefined;
  const r: Recorded = {
    calls: [],
    data: null,
    stats: null,
    done: new Promise((resolve) => (finish = resolve)),
    callbacks: {
      onSuccess: (response, stats) => {
        r.calls.push('success');
        r.data = response.data as ArrayBuffer;
        r.stats = stats;
        finish();
      },
      onError: () => {
        r.calls.push('error');
        finish();
      },
      onTimeout: () => {
        r.calls.push('timeout');
        finish();
      },
      onAbort: () => {
        r.calls.push('abort');
        finish();
      },
    },
  };
  return r;
}

test('a part is loaded through the engine with its deadline, and reported once with consistent stats', async () => {
  const engine = new FakeEngine();
  const Loader = swarmFragmentLoader(engine, playing);
  const loader = new Loader(hlsConfig);
  const r = record();
  loader.load(context('http://h/live/demo/main/42.2.m4s', 100, 101.5), loaderConfig(), r.callbacks);
  await r.done;
  assert.deepEqual(r.calls, ['success']);
  assert.deepEqual(engine.requests, [{ url: 'http://h/live/demo/main/42.2.m4s', rendition: 'main', msn: 42, part: 2, deadlineMs: 2500 }]);
  assert.deepEqual([...new Uint8Array(r.data ?? new ArrayBuffer(0))], [1, 2, 3]);
  const s = r.stats;
  assert.ok(s !== null);
  assert.equal(s, loader.stats, 'hls.js keeps the loader stats object');
  assert.equal(s.loaded, 3);
  assert.equal(s.total, 3);
  assert.ok(s.loading.start <= s.loading.first && s.loading.first <= s.loading.end);
  assert.ok(s.loading.end - s.loading.first <= 40.5, 'only the transfer counts as loading');
  assert.ok(s.loading.end - s.loading.start >= 39.5);
});

test('init segments, other streams and byte ranges go to the default loader', async () => {
  FakeDefaultLoader.loads = [];
  const engine = new FakeEngine();
  const Loader = swarmFragmentLoader(engine, playing);
  for (const url of ['http://h/live/demo/main/init.mp4', 'http://h/live/other/main/1.0.m4s']) {
    const loader = new Loader(hlsConfig);
    const r = record();
    loader.load(context(url), loaderConfig(), r.callbacks);
    await r.done;
    assert.deepEqual(r.calls, ['success']);
    assert.equal(r.stats, loader.stats);
    assert.equal(loader.stats.loaded, 9);
  }
  const ranged = new Loader(hlsConfig);
  const r = record();
  ranged.load({ ...context('http://h/live/demo/main/1.0.m4s'), rangeStart: 0, rangeEnd: 100 }, loaderConfig(), r.callbacks);
  await r.done;
  assert.deepEqual(FakeDefaultLoader.loads, ['http://h/live/demo/main/init.mp4', 'http://h/live/other/main/1.0.m4s', 'http://h/live/demo/main/1.0.m4s']);
  assert.equal(engine.requests.length, 0);
});

test('when the engine fails, the default loader fetches the part instead', async () => {
  FakeDefaultLoader.loads = [];
  const engine = new FakeEngine();
  engine.result = Promise.reject(new Error('origin answered 503'));
  const loader = new (swarmFragmentLoader(engine, playing))(hlsConfig);
  const r = record();
  loader.load(context('http://h/live/demo/main/5.1.m4s'), loaderConfig(), r.callbacks);
  await r.done;
  assert.deepEqual(r.calls, ['success']);
  assert.deepEqual(FakeDefaultLoader.loads, ['http://h/live/demo/main/5.1.m4s']);
});

test('abort cancels the engine request and reports onAbort once, never success', async () => {
  const engine = new FakeEngine();
  let resolve: (p: LoadedPart) => void = () => undefined;
  engine.result = new Promise((r) => (resolve = r));
  const loader = new (swarmFragmentLoader(engine, playing))(hlsConfig);
  const r = record();
  loader.load(context('http://h/live/demo/main/5.1.m4s'), loaderConfig(), r.callbacks);
  loader.abort();
  assert.equal(engine.signals[0]?.aborted, true);
  resolve({ bytes: Uint8Array.of(1), source: 'peer', transferMs: 1 });
  await new Promise((res) => setTimeout(res, 5));
  assert.deepEqual(r.calls, ['abort']);
  assert.equal(loader.stats.aborted, true);
  loader.destroy();
});

test('a load past maxLoadTimeMs times out and aborts the engine request', async () => {
  const engine = new FakeEngine();
  engine.result = new Promise(() => undefined);
  const loader = new (swarmFragmentLoader(engine, playing))(hlsConfig);
  const r = record();
  loader.load(context('http://h/live/demo/main/5.1.m4s'), loaderConfig(10), r.callbacks);
  await r.done;
  assert.deepEqual(r.calls, ['timeout']);
  assert.equal(engine.signals[0]?.aborted, true);
});

test('destroy stops callbacks', async () => {
  const engine = new FakeEngine();
  const loader = new (swarmFragmentLoader(engine, playing))(hlsConfig);
  const r = record();
  loader.load(context('http://h/live/demo/main/5.1.m4s'), loaderConfig(), r.callbacks);
  loader.destroy();
  await new Promise((res) => setTimeout(res, 5));
  assert.deepEqual(r.calls, []);
});

test('attachSwarm sets fLoader and the returned function restores the previous one', () => {
  const engine = new FakeEngine();
  const hls = { config: {} as Pick<HlsConfig, 'fLoader'> };
  const detach = attachSwarm(hls, playing, engine);
  assert.equal(typeof hls.config.fLoader, 'function');
  detach();
  assert.equal(hls.config.fLoader, undefined);
  assert.equal(typeof swarmHlsConfig(engine, playing).fLoader, 'function');
});

test('hls.js destroying the loader from inside onAbort of the default loader does not recurse', () => {
  FakeDefaultLoader.aborts = 0;
  FakeDefaultLoader.destroys = 0;
  const loader = new (swarmFragmentLoader(new FakeEngine(), playing))(hlsConfig);
  const calls: string[] = [];
  const callbacks: LoaderCallbacks<FragmentLoaderContext> = {
    onSuccess: () => calls.push('success'),
    onError: () => calls.push('error'),
    onTimeout: () => calls.push('timeout'),
    // What hls.js's FragmentLoader does: resetLoader → loader.destroy().
    onAbort: () => {
      calls.push('abort');
      loader.destroy();
    },
  };
  loader.load(context('http://h/live/demo/main/init.mp4'), loaderConfig(), callbacks);
  loader.abort();
  assert.deepEqual(calls, ['abort']);
  assert.equal(FakeDefaultLoader.aborts, 1);
  assert.equal(FakeDefaultLoader.destroys, 1);
});

test('a SwarmEngine is what the loader needs (checked by the type checker)', () => {
  const asSource = (engine: SwarmEngine): SwarmPartSource => engine;
  assert.equal(typeof asSource, 'function');
});
