import { AbsentReason, type AbsentMessage, type DataMessage } from './protocol/index.js';
import { abortError } from './abortable.js';
import type { HubClientTimers } from './hub-client.js';
import type { Neighbour, PeerDownload } from './neighbour.js';
import { PartAssembly } from './part-assembly.js';
import type { PartHash, PartHashes } from './part-hashes.js';
import { partKeyId } from './part-key.js';
import type { PartLoad } from './part-load.js';
import { PeerRequestError } from './peer-request-error.js';
import type { Sha256Hex } from './sha256.js';
import type { SwarmConfig } from './swarm-config.js';
import type { SwarmCounters } from './swarm-stats.js';
import type { UploadSlots } from './upload-slots.js';
import type { VerifiedParts } from './verified-parts.js';

/** What the downloader needs from the engine around it. */
export interface PeerDownloaderContext {
  readonly config: SwarmConfig;
  readonly now: () => number;
  readonly timers: HubClientTimers;
  readonly sha256Hex: Sha256Hex;
  readonly hashes: PartHashes;
  readonly slots: UploadSlots;
  readonly parts: VerifiedParts;
  readonly counters: SwarmCounters;
  /** Our HELLO's rendition names; a REQUEST carries the index. */
  readonly renditions: () => readonly string[];
  /** Drops and reports a neighbour that sent inconsistent pieces or bytes failing the hash. */
  readonly badPeer: (n: Neighbour, reason: string) => void;
}

/**
 * Our side as a downloader: REQUEST to one neighbour with a time-out that leaves the origin time
 * to make the deadline, DATA pieces reassembled, the whole part checked against the hub's SHA-256
 * before it is stored or returned, CANCEL when given up, ABSENT turned into a failure the load
 * retries elsewhere.
 */
export class PeerDownloader {
  readonly #c: PeerDownloaderContext;

  constructor(context: PeerDownloaderContext) {
    this.#c = context;
  }

  /** The verified bytes of `load.key` from `n`; rejects with {@link PeerRequestError} or AbortError. */
  request(n: Neighbour, load: PartLoad, hash: PartHash, timeoutMs: number): Promise<Uint8Array> {
    const c = this.#c;
    const ourIndex = c.renditions().indexOf(load.key.rendition);
    if (ourIndex < 0) return Promise.reject(new PeerRequestError('absent', 'rendition not in our HELLO'));
    return new Promise<Uint8Array>((resolve, reject) => {
      const requestId = n.nextRequestId();
      let timer: unknown = null;
      const finish = (): void => {
        if (timer !== null) c.timers.clearTimeout(timer);
        load.signal.removeEventListener('abort', onAbort);
        load.deadlineMoved = null;
        n.downloads.delete(requestId);
      };
      const onAbort = (): void => {
        finish();
        n.link.send({ type: 'cancel', requestId });
        reject(abortError());
      };
      const download: PeerDownload = {
        requestId,
        key: load.key,
        expectedSize: hash.size,
        assembly: new PartAssembly(),
        startedAtMs: c.now(),
        firstByteAtMs: null,
        resolve: (bytes) => {
          finish();
          resolve(bytes);
        },
        reject: (error) => {
          finish();
          reject(error);
        },
      };
      const arm = (ms: number): void => {
        if (timer !== null) c.timers.clearTimeout(timer);
        timer = c.timers.setTimeout(() => {
          timer = null;
          n.link.send({ type: 'cancel', requestId });
          download.reject(new PeerRequestError('timeout', `${n.peerId} did not deliver ${load.id} in time`));
        }, ms);
      };
      arm(timeoutMs);
      let expiresAt = c.now() + timeoutMs;
      // A prefetch or an elected early fetch that the player now wants sooner: the request must
      // still give up in time for the origin to make the new deadline.
      load.deadlineMoved = () => {
        const latest = load.deadlineMs - c.config.urgentWindowMs;
        if (latest < expiresAt) {
          expiresAt = latest;
          arm(Math.max(0, latest - c.now()));
        }
      };
      load.signal.addEventListener('abort', onAbort);
      n.downloads.set(requestId, download);
      const priority = load.prefetch ? 3 : load.deadlineMs - c.now() < 2 * c.config.urgentWindowMs ? 0 : 1;
      const sent = n.link.send({ type: 'request', requestId, rendition: ourIndex, msn: load.key.msn, part: load.key.part, priority });
      if (!sent) download.reject(new PeerRequestError('closed', 'channel not open'));
    });
  }

  /** A DATA piece: reassemble; once whole, verify, store and resolve — or drop the sender. */
  async data(n: Neighbour, message: DataMessage): Promise<void> {
    const c = this.#c;
    const d = n.downloads.get(message.requestId);
    if (d === undefined) return; // cancelled: pieces in flight are dropped (protocol step 5)
    d.firstByteAtMs ??= c.now();
    const result = d.assembly.add(message.offset, message.total, message.payload);
    if (result === 'more') return;
    if (result === 'malformed' || message.total !== d.expectedSize) {
      d.reject(new PeerRequestError('bad', 'inconsistent pieces'));
      c.badPeer(n, `pieces of ${partKeyId(d.key)} out of order or of the wrong size`);
      return;
    }
    n.downloads.delete(d.requestId);
    const bytes = d.assembly.bytes;
    const sha = await c.sha256Hex(bytes);
    const hash = c.hashes.get(d.key);
    if (hash === undefined || hash.sha256 !== sha) {
      d.reject(new PeerRequestError('bad', 'hash mismatch'));
      if (hash !== undefined) c.badPeer(n, `SHA-256 mismatch on ${partKeyId(d.key)}`);
      return;
    }
    const now = c.now();
    n.measure(d, now);
    c.counters.bytesFromPeers += bytes.length;
    c.counters.partsFromPeers++;
    c.slots.recordReceived(n.peerId, bytes.length, now);
    n.failures = Math.max(0, n.failures - 1);
    c.parts.accept(d.key, bytes, 'peer', now - d.startedAtMs);
    d.resolve(bytes);
  }

  /** ABSENT: the request fails (and is retried elsewhere); what it says about the neighbour is kept. */
  absent(n: Neighbour, m: AbsentMessage): void {
    const d = n.downloads.get(m.requestId);
    if (d === undefined) return;
    if (m.reason === AbsentReason.NotHeld || m.reason === AbsentReason.Evicted) n.holdings?.forget(d.key);
    if (m.reason === AbsentReason.Choked) n.chokesUs = true;
    d.reject(new PeerRequestError('absent', `ABSENT reason ${m.reason}`));
  }

  /** Fails every download from a neighbour whose link closed. */
  closed(n: Neighbour, reason: string): void {
    n.failAll(new PeerRequestError('closed', `link closed (${reason})`));
  }
}
