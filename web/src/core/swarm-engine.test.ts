import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { HubConnectionLike, JoinResult } from './hub-client.js';
import type { PartHash } from './part-hashes.js';
import type { DataChannelLike, PeerConnectionLike } from './peer-link.js';
import { sha256Hex } from './sha256.js';
import { SwarmEngine, type SwarmEngineDeps } from './swarm-engine.js';
import type { SwarmConfig } from './swarm-config.js';

// An in-memory swarm: a fake hub that relays signals, fake peer connections whose data channels
// deliver messages in order on the microtask queue, a fake origin. The engines under test are real.

class FakeChannel implements DataChannelLike {
  readonly label: string;
  readyState = 'connecting';
  binaryType = 'blob';
  bufferedAmount = 0;
  bufferedAmountLowThreshold = 0;
  twin: FakeChannel | null = null;
  /** Lets a test corrupt what this channel sends. */
  tamper: ((bytes: Uint8Array) => Uint8Array) | null = null;
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onmessage: ((event: { readonly data: unknown }) => void) | null = null;
  onbufferedamountlow: (() => void) | null = null;
  constructor(label: string) {
    this.label = label;
  }
  readonly #outbox: Uint8Array[] = [];
  /** Like a real channel: bytes sit in the send buffer and leave one message per timer tick. */
  send(data: Uint8Array<ArrayBuffer>): void {
    if (this.readyState !== 'open') throw new Error('not open');
    const bytes = this.tamper === null ? data.slice() : this.tamper(data.slice());
    if (bytes.length === 0) return; // dropped by the test
    this.#outbox.push(bytes);
    this.bufferedAmount += bytes.length;
    if (this.#outbox.length === 1) setTimeout(() => this.#drain(), 0);
  }
  #drain(): void {
    const bytes = this.#outbox.shift();
    if (bytes === undefined) return;
    this.bufferedAmount -= bytes.length;
    const twin = this.twin;
    if (twin?.readyState === 'open') twin.onmessage?.({ data: bytes.buffer });
    if (this.bufferedAmount <= this.bufferedAmountLowThreshold && this.bufferedAmount + bytes.length > this.bufferedAmountLowThreshold) this.onbufferedamountlow?.();
    if (this.#outbox.length > 0) setTimeout(() => this.#drain(), 0);
  }
  open(): void {
    this.readyState = 'open';
    this.onopen?.();
  }
  close(): void {
    if (this.readyState === 'closed') return;
    this.readyState = 'closed';
    const twin = this.twin;
    queueMicrotask(() => {
      if (twin !== null && twin.readyState !== 'closed') {
        twin.readyState = 'closed';
        twin.onclose?.();
      }
    });
  }
}

class FakeNet {
  readonly pcs = new Map<string, FakePc>();
  #next = 1;
  readonly channels: FakeChannel[] = [];
  create = (): PeerConnectionLike => new FakePc(this, `pc${this.#next++}`);
}

class FakePc implements PeerConnectionLike {
  connectionState = 'new';
  localDescription: { type: string; sdp: string } | null = null;
  onicecandidate: PeerConnectionLike['onicecandidate'] = null;
  ondatachannel: PeerConnectionLike['ondatachannel'] = null;
  onconnectionstatechange: (() => void) | null = null;
  channel: FakeChannel | null = null;
  constructor(readonly net: FakeNet, readonly id: string) {
    net.pcs.set(id, this);
  }
  createDataChannel(label: string): DataChannelLike {
    this.channel = new FakeChannel(label);
    this.net.channels.push(this.channel);
    return this.channel;
  }
  async createOffer() {
    return { type: 'offer', sdp: this.id };
  }
  async createAnswer() {
    return { type: 'answer', sdp: this.id };
  }
  async setLocalDescription(d: { type: string; sdp?: string }) {
    this.localDescription = { type: d.type, sdp: d.sdp ?? '' };
    queueMicrotask(() => this.onicecandidate?.({ candidate: { toJSON: () => ({ candidate: `c-${this.id}` }) } }));
  }
  async setRemoteDescription(d: { type: string; sdp?: string }) {
    if (d.type !== 'answer') return;
    const remote = this.net.pcs.get(d.sdp ?? '');
    const mine = this.channel;
    if (remote === undefined || mine === null) throw new Error('unknown answer');
    const theirs = new FakeChannel(mine.label);
    this.net.channels.push(theirs);
    mine.twin = theirs;
    theirs.twin = mine;
    setTimeout(() => {
      remote.ondatachannel?.({ channel: theirs });
      theirs.open();
      mine.open();
    }, 1);
  }
  async addIceCandidate() {}
  close(): void {
    this.channel?.close();
    this.connectionState = 'closed';
  }
}

class FakeHub {
  readonly peers = new Map<string, FakeHubConnection>();
  readonly badReports: { from: string; peerId: string; reason: string }[] = [];
  readonly stats: unknown[] = [];
  hashes: PartHash[] = [];
  /** Joins still to refuse, as a hub does for a stream that is not live yet. */
  failJoins = 0;
  #next = 1;
  /** Peer ids of the hub's shape, 24 lower-case hex digits. */
  connect = (): HubConnectionLike => new FakeHubConnection(this, (this.#next++).toString(16).padStart(24, '0'));
  push(hashes: PartHash[]): void {
    this.hashes.push(...hashes);
    for (const c of this.peers.values()) c.fire('PartHashes', hashes);
  }
}

class FakeHubConnection implements HubConnectionLike {
  readonly #handlers = new Map<string, (...args: never[]) => void>();
  constructor(readonly hub: FakeHub, readonly peerId: string) {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {
    this.hub.peers.delete(this.peerId);
  }
  on(method: string, handler: (...args: never[]) => void): void {
    this.#handlers.set(method, handler);
  }
  onclose(): void {}
  fire(method: string, ...args: unknown[]): void {
    const h = this.#handlers.get(method) as ((...a: unknown[]) => void) | undefined;
    queueMicrotask(() => h?.(...args));
  }
  async invoke<T>(method: string, ...args: unknown[]): Promise<T> {
    const arg = args[0] as Record<string, string>;
    switch (method) {
      case 'Join': {
        if (this.hub.failJoins > 0) {
          this.hub.failJoins--;
          throw new Error("Stream 's' is not live.");
        }
        const neighbours = [...this.hub.peers.keys()].map((peerId) => ({ peerId, uploadKbps: 10_000, neighbours: 0 }));
        this.hub.peers.set(this.peerId, this);
        const result: JoinResult = { peerId: this.peerId, neighbours, iceServers: [], iceTransportPolicy: 'relay', hashes: this.hub.hashes, renditions: ['main', 'low'] };
        return result as T;
      }
      case 'Signal':
        this.hub.peers.get(arg['to'] ?? '')?.fire('Signal', { from: this.peerId, kind: arg['kind'], payload: arg['payload'] });
        return undefined as T;
      case 'RequestNeighbours':
        return [...this.hub.peers.keys()].filter((p) => p !== this.peerId).map((peerId) => ({ peerId, uploadKbps: 10_000, neighbours: 0 })) as T;
      case 'ReportBadPeer':
        this.hub.badReports.push({ from: this.peerId, peerId: arg['peerId'] ?? '', reason: arg['reason'] ?? '' });
        return undefined as T;
      case 'ReportStats':
        this.hub.stats.push(arg);
        return undefined as T;
      default:
        return undefined as T;
    }
  }
}

class FakeOrigin {
  readonly files = new Map<string, Uint8Array>();
  readonly requests: string[] = [];
  fetch: SwarmEngineDeps['fetch'] = async (url) => {
    this.requests.push(url);
    await new Promise((r) => setTimeout(r, 5));
    const body = this.files.get(url);
    if (body === undefined) return { ok: false, status: 404, arrayBuffer: async () => new ArrayBuffer(0) };
    return { ok: true, status: 200, arrayBuffer: async () => body.slice().buffer };
  };
}

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const urlOf = (msn: number, part: number): string => (part === 255 ? `http://origin/live/s/main/${msn}.m4s` : `http://origin/live/s/main/${msn}.${part}.m4s`);

function media(msn: number, part: number, size = 40_000): Uint8Array {
  return Uint8Array.from({ length: size }, (_, i) => (i * 7 + msn * 13 + part * 29) & 0xff);
}

interface World {
  hub: FakeHub;
  net: FakeNet;
  origin: FakeOrigin;
  engines: SwarmEngine[];
  deps: SwarmEngineDeps;
  publish(msn: number, part: number, size?: number, fetchers?: readonly string[]): PartHash;
  /** One more viewer, started. */
  join(): Promise<SwarmEngine>;
  destroy(): void;
}

async function world(viewers: number, config: Partial<SwarmConfig> = {}): Promise<World> {
  const hub = new FakeHub();
  const net = new FakeNet();
  const origin = new FakeOrigin();
  const engines: SwarmEngine[] = [];
  const deps: SwarmEngineDeps = {
    createPeerConnection: net.create,
    connectHub: hub.connect,
    fetch: origin.fetch,
    sha256Hex,
    now: () => performance.now(),
    timers: { setTimeout: (cb, ms) => setTimeout(cb, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
    random: Math.random,
  };
  for (let i = 0; i < viewers; i++) {
    const e = new SwarmEngine({ statsIntervalMs: 1000, ...config }, deps);
    engines.push(e);
    await e.start({ hubUrl: 'http://hub/hubs/swarm', stream: 's' });
  }
  const expectedLinks = viewers - 1;
  for (let i = 0; i < 200 && engines.some((e) => e.connectedPeers.length < expectedLinks); i++) await new Promise((r) => setTimeout(r, 5));
  return {
    hub,
    net,
    origin,
    engines,
    deps,
    async join() {
      const e = new SwarmEngine({ statsIntervalMs: 1000, ...config }, deps);
      engines.push(e);
      await e.start({ hubUrl: 'http://hub/hubs/swarm', stream: 's' });
      return e;
    },
    publish(msn, part, size, fetchers) {
      const bytes = media(msn, part, size);
      origin.files.set(urlOf(msn, part), bytes);
      const h = { rendition: 'main', msn, part, size: bytes.length, sha256: sha(bytes), ...(fetchers === undefined ? {} : { fetchers }) };
      hub.push([h]);
      return h;
    },
    destroy() {
      for (const e of engines) e.destroy();
    },
  };
}

const request = (e: SwarmEngine, msn: number, part: number, slackMs = 1000) => ({
  url: urlOf(msn, part),
  rendition: 'main',
  msn,
  part,
  deadlineMs: e.now() + slackMs,
});
const tick = (ms = 10): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('viewers joining one after the other all connect to each other', async () => {
  const w = await world(3);
  try {
    for (const e of w.engines) assert.equal(e.connectedPeers.length, 2);
  } finally {
    w.destroy();
  }
});

test('for a new part wanted by everyone at once, one viewer fetches it from the origin and the others get it from peers', async () => {
  const w = await world(4);
  try {
    for (let part = 0; part < 4; part++) {
      w.origin.requests.length = 0;
      const h = w.publish(20, part);
      await tick();
      const results = await Promise.all(w.engines.map((e) => e.loadPart(request(e, 20, part))));
      assert.equal(w.origin.requests.length, 1, `part ${part}: one origin fetch`);
      assert.equal(results.filter((r) => r.source === 'origin').length, 1);
      for (const r of results) assert.equal(sha(r.bytes), h.sha256);
    }
    const total = w.engines.reduce((n, e) => n + e.stats.bytesFromPeers, 0);
    assert.equal(total, 4 * 3 * 40_000);
    assert.ok(w.engines.every((e) => e.stats.partsLate === 0));
  } finally {
    w.destroy();
  }
});

test('once players are running, the elected viewer fetches a new part when the hub announces it, before any player asks', async () => {
  const w = await world(3);
  try {
    w.publish(80, 0);
    await tick();
    await Promise.all(w.engines.map((e) => e.loadPart(request(e, 80, 0))));
    w.origin.requests.length = 0;
    w.publish(80, 1);
    await tick(60);
    assert.deepEqual(w.origin.requests, [urlOf(80, 1)]);
    const results = await Promise.all(w.engines.map((e) => e.loadPart(request(e, 80, 1))));
    assert.equal(w.origin.requests.length, 1);
    assert.equal(results.filter((r) => r.source === 'peer').length, 2);
  } finally {
    w.destroy();
  }
});

test('the viewer the hub assigns fetches a new part as the hub announces it, and the others get it from peers', async () => {
  const w = await world(3);
  try {
    w.publish(81, 0);
    await tick();
    await Promise.all(w.engines.map((e) => e.loadPart(request(e, 81, 0))));
    for (let part = 1; part <= 3; part++) {
      const assigned = w.engines[part - 1]!;
      const before = w.engines.map((e) => e.stats.bytesFromOrigin);
      w.origin.requests.length = 0;
      w.publish(81, part, undefined, [assigned.peerId!]);
      await tick(60);
      assert.deepEqual(w.origin.requests, [urlOf(81, part)], `part ${part}: fetched before any player asks`);
      const results = await Promise.all(w.engines.map((e) => e.loadPart(request(e, 81, part))));
      assert.equal(w.origin.requests.length, 1, `part ${part}: one origin fetch`);
      assert.deepEqual(
        w.engines.map((e, i) => e.stats.bytesFromOrigin > before[i]!),
        w.engines.map((e) => e === assigned),
        `part ${part}: the assigned viewer fetched it`,
      );
      assert.equal(results.filter((r) => r.source === 'peer').length, 2);
    }
  } finally {
    w.destroy();
  }
});

test('viewers the hub did not assign wait for a HAVE, and use the origin when it does not come within the budget', async () => {
  const w = await world(2, { peerWaitBudgetMs: 100 });
  try {
    w.publish(82, 0);
    await tick();
    await Promise.all(w.engines.map((e) => e.loadPart(request(e, 82, 0))));
    w.origin.requests.length = 0;
    // The assigned viewer is not in this swarm (it left): both wait for the budget, then fetch.
    w.publish(82, 1, undefined, ['f'.repeat(24)]);
    await tick(40);
    assert.deepEqual(w.origin.requests, []);
    const startedAt = performance.now();
    const results = await Promise.all(w.engines.map((e) => e.loadPart(request(e, 82, 1, 2000))));
    assert.ok(performance.now() - startedAt >= 90, 'waited for the budget');
    assert.ok(results.some((r) => r.source === 'origin'));
  } finally {
    w.destroy();
  }
});

test('stats sent to the hub name the rendition being played', async () => {
  const w = await world(1);
  try {
    w.publish(83, 0);
    await tick();
    await w.engines[0]!.loadPart(request(w.engines[0]!, 83, 0));
    await tick(1100);
    const last = w.hub.stats.at(-1) as { rendition?: string };
    assert.equal(last.rendition, 'main');
  } finally {
    w.destroy();
  }
});

test('an uploader at its concurrent upload limit answers busy, and the part spreads through the first recipients', async () => {
  const w = await world(5, { maxConcurrentUploads: 1 });
  try {
    w.publish(90, 0);
    await tick();
    const results = await Promise.all(w.engines.map((e) => e.loadPart(request(e, 90, 0, 3000))));
    assert.equal(w.origin.requests.length, 1);
    assert.equal(results.filter((r) => r.source === 'peer').length, 4);
    const uploaders = w.engines.filter((e) => e.stats.bytesToPeers > 0).length;
    assert.ok(uploaders >= 2, `relayed by ${uploaders} viewers`);
  } finally {
    w.destroy();
  }
});

test('when the player wants a part sooner than the load it joins, a silent peer is given up in time for the origin', async () => {
  const w = await world(2);
  try {
    const [a, b] = w.engines as [SwarmEngine, SwarmEngine];
    w.publish(95, 0);
    await tick();
    await a.loadPart(request(a, 95, 0, 5000));
    await tick(20);
    // From now on a's DATA never arrives.
    for (const ch of w.net.channels) ch.tamper = (bytes) => (bytes[0] === 0x05 ? new Uint8Array(0) : bytes);
    const failed: string[] = [];
    b.events.on('peer-request-failed', (e) => failed.push(e.reason));
    const early = b.loadPart(request(b, 95, 0, 5000));
    await tick(20);
    const started = performance.now();
    const urgent = await b.loadPart(request(b, 95, 0, 600));
    const elapsed = performance.now() - started;
    assert.equal(urgent.source, 'origin');
    assert.ok(elapsed < 600, `took ${elapsed} ms`);
    assert.equal((await early).source, 'origin');
    assert.equal(failed.length, 1);
  } finally {
    w.destroy();
  }
});

test('a viewer sending corrupted bytes is dropped and reported; the victim still gets the right bytes', async () => {
  const w = await world(2);
  try {
    const [a, b] = w.engines as [SwarmEngine, SwarmEngine];
    for (const ch of w.net.channels) {
      ch.tamper = (bytes) => {
        if (bytes[0] === 0x05 && bytes.length > 20) bytes[20] = (bytes[20] ?? 0) ^ 0xff;
        return bytes;
      };
    }
    const h = w.publish(30, 0);
    await tick();
    const first = await a.loadPart(request(a, 30, 0, 5000));
    assert.equal(first.source, 'origin');
    await tick();
    const bad: string[] = [];
    b.events.on('bad-peer', (e) => bad.push(e.reason));
    const second = await b.loadPart(request(b, 30, 0, 5000));
    assert.equal(sha(second.bytes), h.sha256);
    assert.equal(second.source, 'origin');
    assert.equal(bad.length, 1);
    assert.match(bad[0] ?? '', /SHA-256 mismatch/);
    await tick(20);
    assert.equal(w.hub.badReports.length, 1);
    assert.equal(w.hub.badReports[0]?.peerId, a.peerId);
    assert.equal(b.connectedPeers.length, 0);
  } finally {
    w.destroy();
  }
});

test('a whole segment is served from its parts once they are all held and the segment hash matches', async () => {
  const w = await world(1);
  try {
    const [e] = w.engines as [SwarmEngine];
    const p0 = media(40, 0, 30_000);
    const p1 = media(40, 1, 20_000);
    const seg = new Uint8Array([...p0, ...p1]);
    w.publish(40, 0, 30_000);
    w.publish(40, 1, 20_000);
    w.hub.push([{ rendition: 'main', msn: 40, part: 255, size: seg.length, sha256: sha(seg) }]);
    await tick();
    await e.loadPart(request(e, 40, 0));
    await e.loadPart(request(e, 40, 1));
    await tick(20);
    w.origin.requests.length = 0;
    const whole = await e.loadPart(request(e, 40, 255));
    assert.deepEqual(w.origin.requests, []);
    assert.equal(sha(whole.bytes), sha(seg));
  } finally {
    w.destroy();
  }
});

test('origin bytes that contradict the hub hash are refused', async () => {
  const w = await world(1);
  try {
    const [e] = w.engines as [SwarmEngine];
    w.publish(50, 0);
    await tick();
    w.origin.files.set(urlOf(50, 0), media(50, 1));
    await assert.rejects(e.loadPart(request(e, 50, 0)), /do not match/);
  } finally {
    w.destroy();
  }
});

test('an aborted load rejects with AbortError and leaves the engine usable', async () => {
  const w = await world(1);
  try {
    const [e] = w.engines as [SwarmEngine];
    w.publish(60, 0);
    const controller = new AbortController();
    const p = e.loadPart(request(e, 60, 0), controller.signal);
    controller.abort();
    await assert.rejects(p, (err: Error) => err.name === 'AbortError');
    const ok = await e.loadPart(request(e, 60, 0));
    assert.equal(ok.bytes.length, 40_000);
  } finally {
    w.destroy();
  }
});

test('uploaders announce what they get, and a late viewer prefetches the newest parts from peers', async () => {
  const w = await world(2);
  try {
    const [a, b] = w.engines as [SwarmEngine, SwarmEngine];
    w.publish(70, 0);
    w.publish(70, 1);
    await tick();
    await b.loadPart(request(b, 70, 0, 5000));
    await a.loadPart(request(a, 70, 0, 5000));
    await a.loadPart(request(a, 70, 1, 5000));
    await tick(50);
    w.origin.requests.length = 0;
    const r = await b.loadPart(request(b, 70, 1, 5000));
    assert.equal(r.source, 'peer');
    assert.deepEqual(w.origin.requests, []);
    assert.ok(a.stats.bytesToPeers >= 40_000);
  } finally {
    w.destroy();
  }
});

test('without a hub the engine loads from the origin alone', async () => {
  const origin = new FakeOrigin();
  origin.files.set(urlOf(1, 0), media(1, 0));
  const e = new SwarmEngine({}, {
    createPeerConnection: () => {
      throw new Error('no peers');
    },
    connectHub: () => {
      throw new Error('no hub');
    },
    fetch: origin.fetch,
    sha256Hex,
    now: () => performance.now(),
    timers: { setTimeout: (cb, ms) => setTimeout(cb, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
    random: Math.random,
  });
  try {
    const r = await e.loadPart(request(e, 1, 0));
    assert.equal(r.source, 'origin');
    assert.equal(e.stats.bytesFromOrigin, 40_000);
    await assert.rejects(e.loadPart(request(e, 1, 100)), RangeError);
  } finally {
    e.destroy();
  }
});

test('a hub that refuses the first joins is retried with back-off, and the engine then joins its neighbours', async () => {
  const w = await world(1, { reconnectDelaysMs: [20, 40] });
  try {
    w.hub.failJoins = 2;
    const late = new SwarmEngine({ statsIntervalMs: 1000, reconnectDelaysMs: [20, 40] }, w.deps);
    w.engines.push(late);
    const seen: string[] = [];
    late.events.on('hub-disconnected', (e) => seen.push(`retry in ${e.retryInMs}`));
    late.events.on('hub-joined', () => seen.push('joined'));
    await assert.rejects(late.start({ hubUrl: 'http://hub/hubs/swarm', stream: 's' }), /not live/);
    for (let i = 0; i < 100 && late.connectedPeers.length === 0; i++) await tick(5);
    assert.deepEqual(seen, ['retry in 20', 'retry in 40', 'joined']);
    assert.equal(late.connectedPeers.length, 1);
    w.publish(10, 0);
    await tick();
    const [first] = w.engines as [SwarmEngine];
    await first.loadPart(request(first, 10, 0, 5000));
    await tick(20);
    assert.equal((await late.loadPart(request(late, 10, 0, 5000))).source, 'peer');
  } finally {
    w.destroy();
  }
});

test('the neighbour that gives nothing is replaced by a fresh suggestion, the useful one is kept', async () => {
  const config = { maxNeighbours: 2, minNeighbours: 1, neighbourCheckIntervalMs: 50, replaceWorstIntervalMs: 250 };
  const w = await world(3, config);
  try {
    const [a, b, c] = w.engines as [SwarmEngine, SwarmEngine, SwarmEngine];
    const replaced: { dropped: string; added: string; reason: string }[] = [];
    a.events.on('neighbour-replaced', (e) => replaced.push(e));
    await tick(80); // past a's first review (the baseline)
    // d finds everyone full (maxNeighbours 2), so it is a fresh suggestion for whoever replaces.
    const d = await w.join();
    // Newest first, so that no player position makes a elected to fetch a later part early.
    for (let msn = 30; msn > 10 && replaced.length === 0; msn--) {
      w.publish(msn, 0);
      await tick();
      await b.loadPart(request(b, msn, 0, 5000));
      await tick(10);
      assert.equal((await a.loadPart(request(a, msn, 0, 5000))).source, 'peer');
    }
    for (let i = 0; i < 200 && replaced.length === 0; i++) await tick(5);
    for (let i = 0; i < 100 && !a.connectedPeers.includes(d.peerId ?? ''); i++) await tick(5);
    assert.deepEqual(replaced.map((r) => [r.dropped, r.added]), [[c.peerId, d.peerId]]);
    assert.match(replaced[0]?.reason ?? '', /gave 0 B/);
    assert.deepEqual([...a.connectedPeers].sort(), [b.peerId, d.peerId].sort());
  } finally {
    w.destroy();
  }
});

test('a viewer refused by full peers asks the hub again within a second or so, not at the next check', async () => {
  // Checks every 60 s: only the top-up after a closed link can connect the late viewer in time.
  const config = { maxNeighbours: 2, minNeighbours: 1, neighbourCheckIntervalMs: 60_000 };
  const w = await world(3, config);
  try {
    const [, b] = w.engines as [SwarmEngine, SwarmEngine, SwarmEngine];
    const late = await w.join();
    await tick(300);
    assert.equal(late.connectedPeers.length, 0, 'everyone was full');
    b.destroy(); // a and c now have room
    for (let i = 0; i < 300 && late.connectedPeers.length === 0; i++) await tick(10);
    assert.ok(late.connectedPeers.length >= 1, 'the late viewer found a neighbour');
  } finally {
    w.destroy();
  }
});
