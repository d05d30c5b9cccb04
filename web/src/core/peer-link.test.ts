import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMessage, encodeMessage, type HelloMessage } from './protocol/index.js';
import { PeerLink, type DataChannelLike, type PeerConnectionLike } from './peer-link.js';

class Channel implements DataChannelLike {
  label = 'swarm/1';
  readyState = 'connecting';
  binaryType = 'blob';
  bufferedAmount = 0;
  bufferedAmountLowThreshold = 0;
  sent: Uint8Array[] = [];
  closed = false;
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onmessage: ((event: { readonly data: unknown }) => void) | null = null;
  onbufferedamountlow: (() => void) | null = null;
  send(data: Uint8Array): void {
    this.sent.push(data.slice());
  }
  close(): void {
    this.closed = true;
  }
  deliver(bytes: Uint8Array): void {
    this.onmessage?.({ data: bytes.slice().buffer });
  }
}

class Pc implements PeerConnectionLike {
  connectionState = 'new';
  localDescription: { type: string; sdp: string } | null = null;
  onicecandidate: PeerConnectionLike['onicecandidate'] = null;
  ondatachannel: PeerConnectionLike['ondatachannel'] = null;
  onconnectionstatechange: (() => void) | null = null;
  channel = new Channel();
  remote: { type: string; sdp?: string } | null = null;
  candidates: unknown[] = [];
  closed = false;
  createDataChannel(): DataChannelLike {
    return this.channel;
  }
  async createOffer() {
    return { type: 'offer', sdp: 'o' };
  }
  async createAnswer() {
    return { type: 'answer', sdp: 'a' };
  }
  async setLocalDescription(d: { type: string; sdp?: string }) {
    this.localDescription = { type: d.type, sdp: d.sdp ?? '' };
  }
  async setRemoteDescription(d: { type: string; sdp?: string }) {
    this.remote = d;
  }
  async addIceCandidate(c: unknown) {
    this.candidates.push(c);
  }
  close(): void {
    this.closed = true;
  }
}

const hello: HelloMessage = { type: 'hello', stream: 'demo', renditions: ['main'], uploadKbps: 1000, isSeed: false };

function link(initiator: boolean) {
  const pc = new Pc();
  const l = new PeerLink({
    remotePeerId: 'r',
    initiator,
    hello,
    settings: { iceServers: [], iceTransportPolicy: 'relay' },
    createPeerConnection: () => pc,
    highWaterMarkBytes: 1000,
    lowWaterMarkBytes: 100,
  });
  const events: string[] = [];
  const signals: { kind: string; payload: string }[] = [];
  l.events.on('signal', (s) => signals.push(s));
  l.events.on('ready', () => events.push('ready'));
  l.events.on('message', (m) => events.push(m.type));
  l.events.on('malformed', (c) => events.push(`malformed:${c}`));
  l.events.on('closed', (r) => events.push(`closed:${r}`));
  return { pc, l, events, signals };
}

test('the initiator creates swarm/1, offers, and applies the answer and early candidates in order', async () => {
  const { pc, l, signals } = link(true);
  await l.start();
  assert.equal(signals[0]?.kind, 'offer');
  assert.deepEqual(JSON.parse(signals[0]?.payload ?? ''), { type: 'offer', sdp: 'o' });
  await l.handleSignal('candidate', JSON.stringify({ candidate: 'c1' }));
  assert.deepEqual(pc.candidates, [], 'held until the remote description is set');
  await l.handleSignal('answer', JSON.stringify({ type: 'answer', sdp: 'x' }));
  assert.deepEqual(pc.candidates, [{ candidate: 'c1' }]);
  assert.equal(pc.channel.binaryType, 'arraybuffer');
  assert.equal(pc.channel.bufferedAmountLowThreshold, 100);
});

test('the answerer answers an offer; a broken SDP closes the link', async () => {
  const a = link(false);
  await a.l.handleSignal('offer', JSON.stringify({ type: 'offer', sdp: 'x' }));
  assert.equal(a.signals[0]?.kind, 'answer');
  const b = link(false);
  await b.l.handleSignal('offer', '{"type":"answer"}');
  assert.deepEqual(b.events, ['closed:signal']);
  assert.equal(b.pc.closed, true);
});

test('HELLO is sent once even when the channel is open at ondatachannel and fires open again', () => {
  const { pc, events } = link(false);
  pc.channel.readyState = 'open';
  pc.ondatachannel?.({ channel: pc.channel });
  pc.channel.onopen?.();
  assert.equal(pc.channel.sent.length, 1);
  const first = decodeMessage(pc.channel.sent[0] ?? new Uint8Array());
  assert.equal(first.kind === 'message' && first.message.type, 'hello');
  assert.deepEqual(events, []);
});

test('the remote HELLO makes the link ready; later messages are passed on; unknown types are skipped', () => {
  const { pc, l, events } = link(true);
  pc.channel.readyState = 'open';
  pc.channel.onopen?.();
  pc.channel.deliver(encodeMessage(hello));
  pc.channel.deliver(Uint8Array.of(0x7f, 1, 2));
  pc.channel.deliver(encodeMessage({ type: 'have', rendition: 0, msn: 1, part: 0 }));
  assert.deepEqual(events, ['ready', 'have']);
  assert.equal(l.isReady, true);
  assert.equal(l.send({ type: 'unchoke' }), true);
});

test('anything before HELLO, another stream, a second HELLO or a malformed message closes the link', () => {
  const before = link(true);
  before.pc.channel.readyState = 'open';
  before.pc.channel.deliver(encodeMessage({ type: 'choke' }));
  assert.deepEqual(before.events, ['closed:protocol']);

  const other = link(true);
  other.pc.channel.deliver(encodeMessage({ ...hello, stream: 'other' }));
  assert.deepEqual(other.events, ['closed:wrong-stream']);

  const twice = link(true);
  twice.pc.channel.deliver(encodeMessage(hello));
  twice.pc.channel.deliver(encodeMessage(hello));
  assert.deepEqual(twice.events, ['ready', 'malformed:BadVersion', 'closed:protocol']);

  const bad = link(true);
  bad.pc.channel.deliver(encodeMessage(hello));
  bad.pc.channel.deliver(Uint8Array.of(0x02, 0, 0));
  assert.deepEqual(bad.events, ['ready', 'malformed:Truncated', 'closed:protocol']);
  assert.equal(bad.pc.closed, true);
  assert.equal(bad.pc.channel.closed, true);

  const text = link(true);
  text.pc.channel.onmessage?.({ data: 'hello' });
  assert.deepEqual(text.events, ['malformed:Truncated', 'closed:protocol']);
});

test('canSend follows bufferedAmount against the high-water mark; drain is reported', () => {
  const { pc, l } = link(true);
  let drained = 0;
  l.events.on('drain', () => drained++);
  pc.channel.readyState = 'open';
  pc.channel.onopen?.();
  assert.equal(l.canSend, true);
  pc.channel.bufferedAmount = 1000;
  assert.equal(l.canSend, false);
  pc.channel.onbufferedamountlow?.();
  assert.equal(drained, 1);
  l.close();
  assert.equal(l.send({ type: 'choke' }), false);
});

test('bye and a failed connection close the link', async () => {
  const a = link(true);
  await a.l.handleSignal('bye', '');
  assert.deepEqual(a.events, ['closed:bye']);
  const b = link(true);
  b.pc.connectionState = 'failed';
  b.pc.onconnectionstatechange?.();
  assert.deepEqual(b.events, ['closed:failed']);
});
