import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HubClient, type HubConnectionLike, type StatsReport } from './hub-client.js';

const hex = (c: string): string => c.repeat(64);

class FakeTimers {
  now = 0;
  #next = 1;
  readonly pending = new Map<number, { at: number; cb: () => void }>();
  setTimeout = (cb: () => void, ms: number): unknown => {
    const id = this.#next++;
    this.pending.set(id, { at: this.now + ms, cb });
    return id;
  };
  clearTimeout = (h: unknown): void => {
    this.pending.delete(h as number);
  };
  /** Runs due timers up to `ms` from now, in time order. */
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      const due = [...this.pending.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (due === undefined) break;
      this.pending.delete(due[0]);
      this.now = due[1].at;
      due[1].cb();
    }
    this.now = end;
  }
}

class FakeConnection implements HubConnectionLike {
  readonly handlers = new Map<string, (...args: never[]) => void>();
  readonly invoked: { method: string; args: unknown[] }[] = [];
  close: ((error?: Error) => void) | null = null;
  failJoin = false;
  stopped = false;
  constructor(readonly peerId: string) {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {
    this.stopped = true;
  }
  on(method: string, handler: (...args: never[]) => void): void {
    this.handlers.set(method, handler);
  }
  onclose(callback: (error?: Error) => void): void {
    this.close = callback;
  }
  fire(method: string, ...args: unknown[]): void {
    (this.handlers.get(method) as ((...a: unknown[]) => void) | undefined)?.(...args);
  }
  async invoke<T>(method: string, ...args: unknown[]): Promise<T> {
    this.invoked.push({ method, args });
    if (method === 'Join') {
      if (this.failJoin) throw new Error('stream unknown or not live');
      return {
        peerId: this.peerId,
        neighbours: [{ peerId: 'n1', uploadKbps: 5000, neighbours: 2 }, { bogus: true }],
        iceServers: [{ urls: ['turn:127.0.0.1:34780'], username: 'u', credential: 'p' }],
        iceTransportPolicy: 'relay',
        hashes: [{ rendition: 'main', msn: 1, part: 0, size: 10, sha256: hex('a') }],
        renditions: ['main', 'low'],
      } as T;
    }
    if (method === 'RequestNeighbours') return [{ peerId: 'n2', uploadKbps: 1, neighbours: 0 }, 7] as T;
    return undefined as T;
  }
}

function setup(failingJoins = 0) {
  const timers = new FakeTimers();
  const connections: FakeConnection[] = [];
  const urls: string[] = [];
  const client = new HubClient({
    connect: (url) => {
      urls.push(url);
      const c = new FakeConnection(`p${connections.length + 1}`);
      c.failJoin = connections.length < failingJoins;
      connections.push(c);
      return c;
    },
    timers,
    reconnectDelaysMs: [100, 1000],
    statsIntervalMs: 2000,
  });
  return { timers, connections, urls, client };
}

const flush = (): Promise<void> => new Promise((r) => setImmediate(r));
const join = { hubUrl: 'http://h/hubs/swarm', stream: 'demo', uploadKbps: 8000, maxNeighbours: 8 };

test('start joins with the stream, capacity and neighbour limit, and keeps the hashes from Join', async () => {
  const { client, connections, urls } = setup();
  const joined: string[] = [];
  client.events.on('joined', (j) => joined.push(j.peerId));
  const result = await client.start(join);
  assert.deepEqual(urls, ['http://h/hubs/swarm']);
  assert.deepEqual(connections[0]?.invoked[0], { method: 'Join', args: [{ stream: 'demo', uploadKbps: 8000, maxNeighbours: 8 }] });
  assert.equal(result.peerId, 'p1');
  assert.equal(result.iceTransportPolicy, 'relay');
  assert.deepEqual(result.neighbours, [{ peerId: 'n1', uploadKbps: 5000, neighbours: 2 }]);
  assert.deepEqual(result.renditions, ['main', 'low']);
  assert.deepEqual(joined, ['p1']);
  assert.equal(client.hashes.get({ rendition: 'main', msn: 1, part: 0 })?.size, 10);
  await assert.rejects(client.start(join));
});

test('pushed hashes, signals, peer-left and stream-ended come out as events', async () => {
  const { client, connections } = setup();
  await client.start(join);
  const c = connections[0]!;
  const seen: string[] = [];
  client.events.on('part-hashes', (h) => seen.push(`hashes ${h.length}`));
  client.events.on('signal', (s) => seen.push(`signal ${s.from} ${s.kind}`));
  client.events.on('peer-left', (p) => seen.push(`left ${p}`));
  client.events.on('stream-ended', (s) => seen.push(`ended ${s}`));
  c.fire('PartHashes', [{ rendition: 'main', msn: 1, part: 0, size: 10, sha256: hex('a') }, { rendition: 'main', msn: 1, part: 1, size: 5, sha256: hex('b') }]);
  c.fire('Signal', { from: 'x', kind: 'offer', payload: '{}' });
  c.fire('Signal', { from: 'x' });
  c.fire('PeerLeft', 'x');
  c.fire('StreamEnded', 'demo');
  assert.deepEqual(seen, ['hashes 1', 'signal x offer', 'left x', 'ended demo']);
  assert.equal(client.streamEnded, true);
});

test('client calls go to the hub with the contract names and arguments', async () => {
  const { client, connections } = setup();
  await client.start(join);
  await client.signal('n1', 'candidate', '{"candidate":"c"}');
  assert.deepEqual(await client.requestNeighbours(40), [{ peerId: 'n2', uploadKbps: 1, neighbours: 0 }]);
  await client.reportBadPeer('n1', 'x'.repeat(300));
  const calls = connections[0]!.invoked.slice(1);
  assert.deepEqual(calls[0], { method: 'Signal', args: [{ to: 'n1', kind: 'candidate', payload: '{"candidate":"c"}' }] });
  assert.deepEqual(calls[1], { method: 'RequestNeighbours', args: [16] });
  assert.equal(calls[2]?.method, 'ReportBadPeer');
  assert.equal((calls[2]?.args[0] as { reason: string }).reason.length, 200);
});

test('stats are reported every interval while joined', async () => {
  const { client, connections, timers } = setup();
  let n = 0;
  const report = (): StatsReport => ({ bytesFromPeers: ++n, bytesFromOrigin: 0, bytesToPeers: 0, partsOnTime: 0, partsLate: 0, stalls: 0, stallSeconds: 0, latencySeconds: 0, peers: 0 });
  client.statsSource = report;
  await client.start(join);
  timers.advance(1999);
  assert.equal(connections[0]!.invoked.filter((i) => i.method === 'ReportStats').length, 0);
  timers.advance(1);
  timers.advance(2000);
  const reports = connections[0]!.invoked.filter((i) => i.method === 'ReportStats');
  assert.equal(reports.length, 2);
  assert.equal((reports[1]?.args[0] as StatsReport).bytesFromPeers, 2);
});

test('destroy reports the last stats, then leaves', async () => {
  const { client, connections } = setup();
  client.statsSource = (): StatsReport => ({ bytesFromPeers: 42, bytesFromOrigin: 0, bytesToPeers: 0, partsOnTime: 0, partsLate: 0, stalls: 0, stallSeconds: 0, latencySeconds: 0, peers: 0 });
  await client.start(join);
  client.destroy();
  await flush();
  const calls = connections[0]!.invoked.map((i) => i.method);
  assert.deepEqual(calls.slice(-2), ['ReportStats', 'Leave']);
  assert.equal((connections[0]!.invoked.at(-2)?.args[0] as StatsReport).bytesFromPeers, 42);
  assert.equal(connections[0]!.stopped, true);
});

test('a dropped connection reconnects after the back-off delays and joins again', async () => {
  const { client, connections, timers } = setup();
  const events: string[] = [];
  client.events.on('joined', (j) => events.push(`joined ${j.peerId}`));
  client.events.on('disconnected', (d) => events.push(`disconnected ${d.retryInMs}`));
  await client.start(join);
  connections[0]!.close?.(new Error('gone'));
  assert.equal(client.peerId, null);
  timers.advance(99);
  assert.equal(connections.length, 1);
  timers.advance(1);
  assert.equal(connections.length, 2);
  connections[1]!.failJoin = true;
  await flush();
  // The failed attempt waits the next delay, and the last delay repeats.
  timers.advance(1000);
  assert.equal(connections.length, 3);
  await flush();
  assert.deepEqual(events, ['joined p1', 'disconnected 100', 'disconnected 1000', 'joined p3']);
  assert.equal(client.peerId, 'p3');
});

test('no reconnect after the stream ended or destroy', async () => {
  const { client, connections, timers } = setup();
  await client.start(join);
  connections[0]!.fire('StreamEnded', 'demo');
  connections[0]!.close?.();
  timers.advance(10_000);
  assert.equal(connections.length, 1);

  const other = setup();
  await other.client.start(join);
  other.client.destroy();
  await flush();
  assert.equal(other.connections[0]!.invoked.some((i) => i.method === 'Leave'), true);
  assert.equal(other.connections[0]!.stopped, true);
  other.timers.advance(10_000);
  assert.equal(other.connections.length, 1);
});

test('a failed first join rejects start, then is retried with the back-off until it succeeds', async () => {
  const { client, connections, timers } = setup(2);
  const events: string[] = [];
  client.events.on('joined', (j) => events.push(`joined ${j.peerId}`));
  client.events.on('disconnected', (d) => events.push(`disconnected ${d.retryInMs} ${d.error}`));
  await assert.rejects(client.start(join), /not live/);
  assert.equal(client.peerId, null);
  assert.equal(connections[0]!.stopped, true);
  timers.advance(100);
  assert.equal(connections.length, 2);
  await flush();
  timers.advance(999);
  assert.equal(connections.length, 2);
  timers.advance(1);
  assert.equal(connections.length, 3);
  await flush();
  assert.deepEqual(events, ['disconnected 100 stream unknown or not live', 'disconnected 1000 stream unknown or not live', 'joined p3']);
  assert.equal(client.peerId, 'p3');
});

test('a failed first join is not retried once the client is destroyed', async () => {
  const { client, connections, timers } = setup(5);
  await assert.rejects(client.start(join));
  client.destroy();
  timers.advance(10_000);
  assert.equal(connections.length, 1);
});

test('new hashes after StreamEnded mean the broadcast is back: a later drop reconnects again', async () => {
  const { client, connections, timers } = setup();
  await client.start(join);
  connections[0]!.fire('StreamEnded', 'demo');
  assert.equal(client.streamEnded, true);
  connections[0]!.fire('PartHashes', [{ rendition: 'main', msn: 7, part: 0, size: 10, sha256: hex('c') }]);
  assert.equal(client.streamEnded, false);
  connections[0]!.close?.(new Error('gone'));
  timers.advance(100);
  assert.equal(connections.length, 2);
});

test('retryNow skips the back-off of a pending retry, and does nothing while joined', async () => {
  const { client, connections } = setup(1);
  await assert.rejects(client.start(join));
  assert.equal(connections.length, 1);
  client.retryNow();
  await flush();
  assert.equal(connections.length, 2);
  assert.equal(client.peerId, 'p2');
  client.retryNow();
  assert.equal(connections.length, 2);
});
