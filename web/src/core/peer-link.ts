import { decodeMessage, encodeMessage, type HelloMessage, type PeerMessage, type ProtocolErrorCode } from './protocol/index.js';
import { TypedEmitter } from './typed-emitter.js';

/** The part of `RTCDataChannel` the link uses (a structural seam so node tests can fake it). */
export interface DataChannelLike {
  readonly label: string;
  readonly readyState: string;
  binaryType: string;
  readonly bufferedAmount: number;
  bufferedAmountLowThreshold: number;
  send(data: Uint8Array<ArrayBuffer>): void;
  close(): void;
  onopen: (() => void) | null;
  onclose: (() => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  onbufferedamountlow: (() => void) | null;
}

/** The part of `RTCPeerConnection` the link uses. */
export interface PeerConnectionLike {
  readonly connectionState: string;
  readonly localDescription: { readonly type: string; readonly sdp: string } | null;
  createDataChannel(label: string, init: { ordered: boolean }): DataChannelLike;
  createOffer(): Promise<{ type: string; sdp?: string }>;
  createAnswer(): Promise<{ type: string; sdp?: string }>;
  setLocalDescription(description: { type: string; sdp?: string }): Promise<void>;
  setRemoteDescription(description: { type: string; sdp?: string }): Promise<void>;
  addIceCandidate(candidate: unknown): Promise<void>;
  close(): void;
  onicecandidate: ((event: { readonly candidate: { toJSON(): unknown } | null }) => void) | null;
  ondatachannel: ((event: { readonly channel: DataChannelLike }) => void) | null;
  onconnectionstatechange: (() => void) | null;
}

/** ICE settings from `JoinResult`. */
export interface IceSettings {
  readonly iceServers: readonly { readonly urls: string | readonly string[]; readonly username?: string; readonly credential?: string }[];
  readonly iceTransportPolicy: 'all' | 'relay';
}

export type PeerConnectionFactory = (settings: IceSettings) => PeerConnectionLike;

/** The browser's `RTCPeerConnection`, behind {@link PeerConnectionLike}. */
export const browserPeerConnectionFactory: PeerConnectionFactory = (settings) =>
  new RTCPeerConnection({
    iceServers: settings.iceServers.map((s) => ({
      urls: typeof s.urls === 'string' ? s.urls : [...s.urls],
      ...(s.username !== undefined ? { username: s.username } : {}),
      ...(s.credential !== undefined ? { credential: s.credential } : {}),
    })),
    iceTransportPolicy: settings.iceTransportPolicy,
  }) as unknown as PeerConnectionLike;

/** Signalling kinds of docs/signalling.md. */
export type SignalKind = 'offer' | 'answer' | 'candidate' | 'bye';

/** Why a link closed; `replaced` is the engine dropping its least useful neighbour for a fresh one. */
export type LinkCloseReason = 'local' | 'bye' | 'failed' | 'channel-closed' | 'timeout' | 'protocol' | 'wrong-stream' | 'signal' | 'replaced';

export interface PeerLinkEvents {
  /** Send this through the hub to the remote peer. */
  signal: { readonly kind: SignalKind; readonly payload: string };
  /** The channel is open and the remote HELLO arrived. */
  ready: HelloMessage;
  /** A message after HELLO. */
  message: PeerMessage;
  /** The remote sent a malformed message: it is closed; report it. */
  malformed: ProtocolErrorCode;
  /** The send buffer drained below the low-water mark. */
  drain: undefined;
  closed: LinkCloseReason;
}

export interface PeerLinkOptions {
  readonly remotePeerId: string;
  /** The joiner offers (docs/signalling.md). */
  readonly initiator: boolean;
  readonly hello: HelloMessage;
  readonly settings: IceSettings;
  readonly createPeerConnection: PeerConnectionFactory;
  readonly highWaterMarkBytes: number;
  readonly lowWaterMarkBytes: number;
}

/** Label of the one data channel per neighbour (docs/protocol.md). */
export const CHANNEL_LABEL = 'swarm/1';

/**
 * One neighbour: an `RTCPeerConnection` with one ordered, reliable data channel `swarm/1`, trickle
 * ICE through the hub, HELLO first (docs/protocol.md state machine step 1), then protocol messages
 * in both directions. Bad input from the network never throws: the link closes and says why.
 */
export class PeerLink {
  readonly remotePeerId: string;
  readonly events = new TypedEmitter<PeerLinkEvents>();
  readonly #options: PeerLinkOptions;
  readonly #pc: PeerConnectionLike;
  #channel: DataChannelLike | null = null;
  #remoteHello: HelloMessage | null = null;
  #remoteDescriptionSet = false;
  #pendingCandidates: unknown[] = [];
  #helloSent = false;
  #closed = false;

  constructor(options: PeerLinkOptions) {
    this.#options = options;
    this.remotePeerId = options.remotePeerId;
    this.#pc = options.createPeerConnection(options.settings);
    this.#pc.onicecandidate = (e) => {
      if (e.candidate !== null && !this.#closed) this.#signal('candidate', JSON.stringify(e.candidate.toJSON()));
    };
    this.#pc.onconnectionstatechange = () => {
      const s = this.#pc.connectionState;
      if (s === 'failed' || s === 'closed') this.close('failed');
    };
    if (options.initiator) {
      this.#attach(this.#pc.createDataChannel(CHANNEL_LABEL, { ordered: true }));
    } else {
      this.#pc.ondatachannel = (e) => {
        if (e.channel.label === CHANNEL_LABEL && this.#channel === null) this.#attach(e.channel);
        else e.channel.close();
      };
    }
  }

  /** The remote HELLO once the link is ready, else null. */
  get remoteHello(): HelloMessage | null {
    return this.#remoteHello;
  }

  get isReady(): boolean {
    return this.#remoteHello !== null && !this.#closed;
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  /** Bytes queued in the channel's send buffer. */
  get bufferedAmount(): number {
    return this.#channel?.bufferedAmount ?? 0;
  }

  /** Whether the uploader may queue more without passing the high-water mark. */
  get canSend(): boolean {
    return this.#channel?.readyState === 'open' && this.bufferedAmount < this.#options.highWaterMarkBytes;
  }

  /** The initiator's first step: create and send the offer. */
  async start(): Promise<void> {
    if (!this.#options.initiator) return;
    try {
      const offer = await this.#pc.createOffer();
      await this.#pc.setLocalDescription(offer);
      const local = this.#pc.localDescription ?? offer;
      this.#signal('offer', JSON.stringify({ type: local.type, sdp: local.sdp }));
    } catch {
      this.close('signal');
    }
  }

  /** A signal from the remote peer, relayed by the hub. */
  async handleSignal(kind: string, payload: string): Promise<void> {
    if (this.#closed) return;
    try {
      switch (kind) {
        case 'offer': {
          if (this.#options.initiator) return;
          await this.#pc.setRemoteDescription(parseDescription(payload, 'offer'));
          await this.#remoteDescriptionReady();
          const answer = await this.#pc.createAnswer();
          await this.#pc.setLocalDescription(answer);
          const local = this.#pc.localDescription ?? answer;
          this.#signal('answer', JSON.stringify({ type: local.type, sdp: local.sdp }));
          return;
        }
        case 'answer':
          if (!this.#options.initiator || this.#remoteDescriptionSet) return;
          await this.#pc.setRemoteDescription(parseDescription(payload, 'answer'));
          await this.#remoteDescriptionReady();
          return;
        case 'candidate': {
          const candidate: unknown = JSON.parse(payload);
          if (typeof candidate !== 'object' || candidate === null) throw new Error('bad candidate');
          if (this.#remoteDescriptionSet) await this.#pc.addIceCandidate(candidate);
          else this.#pendingCandidates.push(candidate);
          return;
        }
        case 'bye':
          this.close('bye');
          return;
        default:
          return;
      }
    } catch {
      // A broken SDP or candidate from the remote: this link cannot work.
      this.close('signal');
    }
  }

  /** Encodes and sends one message; false when the channel is not open. */
  send(message: PeerMessage): boolean {
    const ch = this.#channel;
    if (this.#closed || ch === null || ch.readyState !== 'open') return false;
    try {
      ch.send(encodeMessage(message) as Uint8Array<ArrayBuffer>);
      return true;
    } catch {
      // send() throws when the channel closed under us or its buffer is full (16 MiB in Chromium).
      this.close('channel-closed');
      return false;
    }
  }

  close(reason: LinkCloseReason = 'local'): void {
    if (this.#closed) return;
    this.#closed = true;
    const ch = this.#channel;
    if (ch !== null) {
      ch.onopen = ch.onclose = ch.onerror = ch.onmessage = ch.onbufferedamountlow = null;
      try {
        ch.close();
      } catch {
        // already closed
      }
    }
    this.#pc.onicecandidate = null;
    this.#pc.onconnectionstatechange = null;
    this.#pc.ondatachannel = null;
    try {
      this.#pc.close();
    } catch {
      // already closed
    }
    this.events.emit('closed', reason);
    this.events.clear();
  }

  destroy(): void {
    this.close('local');
  }

  async #remoteDescriptionReady(): Promise<void> {
    this.#remoteDescriptionSet = true;
    const pending = this.#pendingCandidates;
    this.#pendingCandidates = [];
    for (const c of pending) await this.#pc.addIceCandidate(c);
  }

  #attach(channel: DataChannelLike): void {
    this.#channel = channel;
    channel.binaryType = 'arraybuffer';
    channel.bufferedAmountLowThreshold = this.#options.lowWaterMarkBytes;
    // Chromium hands the answerer its channel already 'open' in ondatachannel and still fires
    // 'open' afterwards (as the spec allows): HELLO goes out once.
    channel.onopen = () => {
      if (this.#helloSent) return;
      this.#helloSent = true;
      if (!this.send(this.#options.hello)) this.close('channel-closed');
    };
    channel.onclose = () => this.close('channel-closed');
    channel.onerror = () => this.close('channel-closed');
    channel.onbufferedamountlow = () => this.events.emit('drain', undefined);
    channel.onmessage = (e) => this.#onMessage(e.data);
    if (channel.readyState === 'open') channel.onopen();
  }

  #onMessage(data: unknown): void {
    if (this.#closed) return;
    if (!(data instanceof ArrayBuffer)) {
      // Text messages are not part of the protocol.
      this.#malformed('Truncated');
      return;
    }
    const result = decodeMessage(new Uint8Array(data));
    if (result.kind === 'ignored') return;
    if (result.kind === 'error') {
      this.#malformed(result.error);
      return;
    }
    const message = result.message;
    if (this.#remoteHello === null) {
      if (message.type !== 'hello') {
        this.close('protocol');
        return;
      }
      if (message.stream !== this.#options.hello.stream) {
        this.close('wrong-stream');
        return;
      }
      this.#remoteHello = message;
      this.events.emit('ready', message);
      return;
    }
    if (message.type === 'hello') {
      this.#malformed('BadVersion');
      return;
    }
    this.events.emit('message', message);
  }

  #malformed(code: ProtocolErrorCode): void {
    this.events.emit('malformed', code);
    this.close('protocol');
  }

  #signal(kind: SignalKind, payload: string): void {
    this.events.emit('signal', { kind, payload });
  }
}

function parseDescription(payload: string, expected: 'offer' | 'answer'): { type: string; sdp: string } {
  const d: unknown = JSON.parse(payload);
  if (typeof d !== 'object' || d === null) throw new Error('bad description');
  const { type, sdp } = d as { type?: unknown; sdp?: unknown };
  if (type !== expected || typeof sdp !== 'string') throw new Error('bad description');
  return { type: expected, sdp };
}
