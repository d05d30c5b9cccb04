import { AbsentReason, type RequestMessage } from './protocol/index.js';
import type { HubClientTimers } from './hub-client.js';
import type { Neighbour } from './neighbour.js';
import type { SwarmConfig } from './swarm-config.js';
import type { SwarmCounters } from './swarm-stats.js';
import type { UploadSlots } from './upload-slots.js';
import type { VerifiedParts } from './verified-parts.js';

/** What the uploader needs from the engine around it. */
export interface PartUploaderContext {
  readonly config: SwarmConfig;
  readonly now: () => number;
  readonly timers: HubClientTimers;
  readonly slots: UploadSlots;
  readonly parts: VerifiedParts;
  readonly counters: SwarmCounters;
  /** Every neighbour, greeted or not. */
  readonly neighbours: () => Iterable<Neighbour>;
  readonly neighbour: (peerId: string) => Neighbour | undefined;
}

/**
 * Our side as a source: answers REQUESTs from what the store holds (ABSENT when choked, not held
 * or busy), sends the pieces through each neighbour's queue while its channel buffer has room, and
 * tells neighbours CHOKE / UNCHOKE when the upload slots change.
 */
export class PartUploader {
  readonly #c: PartUploaderContext;

  constructor(context: PartUploaderContext) {
    this.#c = context;
  }

  request(n: Neighbour, m: RequestMessage): void {
    const c = this.#c;
    if (!c.slots.isUnchoked(n.peerId)) {
      n.link.send({ type: 'absent', requestId: m.requestId, reason: AbsentReason.Choked });
      return;
    }
    const name = n.renditionName(m.rendition);
    const bytes = name === undefined ? undefined : c.parts.store.get({ rendition: name, msn: m.msn, part: m.part });
    if (bytes === undefined) {
      n.link.send({ type: 'absent', requestId: m.requestId, reason: AbsentReason.NotHeld });
      return;
    }
    // Neighbours we are still sending to: queued pieces, or bytes not yet out of the channel's
    // buffer (the pump fills it up to the high-water mark at once, so the queue alone drains early).
    let uploading = 0;
    for (const other of c.neighbours()) {
      if (other !== n && (other.queue.size > 0 || other.link.bufferedAmount > 0)) uploading++;
    }
    if (uploading >= c.config.maxConcurrentUploads || !n.queue.enqueue(m.requestId, bytes, m.priority)) {
      n.link.send({ type: 'absent', requestId: m.requestId, reason: AbsentReason.Busy });
      return;
    }
    this.pump(n);
  }

  cancel(n: Neighbour, requestId: number): void {
    n.queue.cancel(requestId);
  }

  /** Sends queued pieces while the channel's buffer is below the high-water mark. */
  pump(n: Neighbour): void {
    const c = this.#c;
    if (n.pumpTimer !== null || n.link.isClosed) return;
    while (n.link.canSend) {
      const next = n.queue.next(c.now());
      if (next === null) return;
      if ('waitMs' in next) {
        n.pumpTimer = c.timers.setTimeout(() => {
          n.pumpTimer = null;
          this.pump(n);
        }, next.waitMs);
        return;
      }
      if (!n.link.send({ type: 'data', requestId: next.requestId, offset: next.offset, total: next.total, payload: next.payload })) return;
      c.counters.bytesToPeers += next.payload.length;
    }
  }

  /** Recomputes the upload slots and tells the neighbours whose state changed. */
  rechoke(): void {
    const c = this.#c;
    const { choke, unchoke } = c.slots.rechoke(c.now());
    for (const peerId of choke) {
      const n = c.neighbour(peerId);
      if (n === undefined) continue;
      n.link.send({ type: 'choke' });
      for (const requestId of n.queue.clear()) n.link.send({ type: 'absent', requestId, reason: AbsentReason.Choked });
    }
    for (const peerId of unchoke) c.neighbour(peerId)?.link.send({ type: 'unchoke' });
  }
}
