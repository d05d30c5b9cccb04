import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StreamProbe, type FetchLike } from './stream-probe';

const master = '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=2800000\nmain/index.m3u8\n';
const live = '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\n0.m4s\n';
const ended = `${live}#EXT-X-ENDLIST\n`;

function fakeFetch(routes: Record<string, { status: number; body?: string } | Error>): {
  fetch: FetchLike;
  calls: string[];
  inits: RequestInit[];
} {
  const calls: string[] = [];
  const inits: RequestInit[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push(url);
    inits.push(init);
    const route = routes[url];
    if (route === undefined) {
      return { ok: false, status: 404, text: async () => 'not found' };
    }
    if (route instanceof Error) {
      throw route;
    }
    return { ok: route.status >= 200 && route.status < 300, status: route.status, text: async () => route.body ?? '' };
  };
  return { fetch, calls, inits };
}

const base = 'http://origin.test/watch/demo';
const masterUrl = 'http://origin.test/live/demo/master.m3u8';
const mediaUrl = 'http://origin.test/live/demo/main/index.m3u8';

test('a stream with a live media playlist is live', async () => {
  const f = fakeFetch({ [masterUrl]: { status: 200, body: master }, [mediaUrl]: { status: 200, body: live } });
  const probe = new StreamProbe({ stream: 'demo', baseUrl: base, fetch: f.fetch });
  assert.equal(probe.masterUrl, masterUrl);
  assert.equal(await probe.probe(), 'live');
  assert.deepEqual(f.calls, [masterUrl, mediaUrl]);
  assert.ok(f.inits.every((i) => i.cache === 'no-store'));
});

test('a finished media playlist means the broadcast ended', async () => {
  const f = fakeFetch({ [masterUrl]: { status: 200, body: master }, [mediaUrl]: { status: 200, body: ended } });
  assert.equal(await new StreamProbe({ stream: 'demo', baseUrl: base, fetch: f.fetch }).probe(), 'ended');
});

test('no multivariant playlist means absent, and the media playlist is not asked for', async () => {
  const f = fakeFetch({});
  assert.equal(await new StreamProbe({ stream: 'demo', baseUrl: base, fetch: f.fetch }).probe(), 'absent');
  assert.deepEqual(f.calls, [masterUrl]);
});

test('a multivariant playlist without variants is absent', async () => {
  const f = fakeFetch({ [masterUrl]: { status: 200, body: '#EXTM3U\n' } });
  assert.equal(await new StreamProbe({ stream: 'demo', baseUrl: base, fetch: f.fetch }).probe(), 'absent');
});

test('server errors, non-playlists and network failures are unreachable', async () => {
  for (const route of [
    { status: 503, body: 'busy' },
    { status: 200, body: '<html>proxy error</html>' },
    new TypeError('Failed to fetch'),
  ]) {
    const f = fakeFetch({ [masterUrl]: route });
    assert.equal(await new StreamProbe({ stream: 'demo', baseUrl: base, fetch: f.fetch }).probe(), 'unreachable');
  }
});

test('a probe that takes longer than the time limit is aborted as unreachable', async () => {
  const fetch: FetchLike = (_url, init) =>
    new Promise((_resolve, reject) => {
      init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    });
  const probe = new StreamProbe({ stream: 'demo', baseUrl: base, fetch, timeoutMs: 10 });
  assert.equal(await probe.probe(), 'unreachable');
});

test('destroy aborts the probe in flight and later probes answer at once', async () => {
  let calls = 0;
  const fetch: FetchLike = (_url, init) => {
    calls++;
    return new Promise((_resolve, reject) => {
      init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    });
  };
  const probe = new StreamProbe({ stream: 'demo', baseUrl: base, fetch, timeoutMs: 60_000 });
  const pending = probe.probe();
  probe.destroy();
  assert.equal(await pending, 'unreachable');
  assert.equal(await probe.probe(), 'unreachable');
  assert.equal(calls, 1);
});
