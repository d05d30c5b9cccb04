import type { HelloMessage } from './protocol/index.js';
import { PartAssembly } from './part-assembly.js';
import type { PartKey } from './part-key.js';
import type { PeerLink } from './peer-link.js';
import { PeerHoldings } from './peer-holdings.js';
import { UploadQueue } from './upload-queue.js';

/** One request we made of a neighbour, until it completes, fails or is cancelled. */
export interface PeerDownload {
  readonly requestId: number;
  readonly key: PartKey;
  readonly expectedSize: number;
  readonly assembly: PartAssembly;
  readonly startedAtMs: number;
  firstByteAtMs: number | null;
  readonly resolve: (bytes: Uint8Array) => void;
  readonly reject: (error: Error) => void;
}

/** Smoothing of the throughput and RTT estimates (weight of the newest sample). */
const EWMA_WEIGHT = 0.3;

/**
 * What the engine keeps per neighbour: its link, what it announced, whether it chokes us, our
 * upload queue to it, our downloads from it, and the measurements the scheduler ranks it by.
 */
export class Neighbour {
  readonly peerId: string;
  readonly link: PeerLink;
  readonly initiator: boolean;
  readonly queue: UploadQueue;
  readonly connectedAtMs: number;
  readonly downloads = new Map<number, PeerDownload>();
  #hello: HelloMessage | null = null;
  #holdings: PeerHoldings | null = null;
  chokesUs = true;
  throughputBytesPerSec = 0;
  rttMs = 0;
  failures = 0;
  /** Verified bytes downloaded from it since it connected. */
  bytesReceived = 0;
  /** {@link bytesReceived} at the last worst-neighbour review. */
  bytesAtReview = 0;
  pumpTimer: unknown = null;
  connectTimer: unknown = null;
  #nextRequestId = 1;

  constructor(peerId: string, link: PeerLink, initiator: boolean, uploadCapBytesPerSec: number, nowMs: number) {
    this.peerId = peerId;
    this.link = link;
    this.initiator = initiator;
    this.queue = new UploadQueue(uploadCapBytesPerSec);
    this.connectedAtMs = nowMs;
  }

  get hello(): HelloMessage | null {
    return this.#hello;
  }

  get holdings(): PeerHoldings | null {
    return this.#holdings;
  }

  get isReady(): boolean {
    return this.#hello !== null && this.link.isReady;
  }

  greeted(hello: HelloMessage): void {
    this.#hello = hello;
    this.#holdings = new PeerHoldings(hello.isSeed);
  }

  /** The rendition name behind an index in this neighbour's HELLO. */
  renditionName(index: number): string | undefined {
    return this.#hello?.renditions[index];
  }

  nextRequestId(): number {
    const id = this.#nextRequestId;
    this.#nextRequestId = id >= 0xffffffff ? 1 : id + 1;
    return id;
  }

  /** Bytes still expected for requests in flight. */
  get inFlightBytes(): number {
    let n = 0;
    for (const d of this.downloads.values()) n += Math.max(0, d.expectedSize - d.assembly.received);
    return n;
  }

  /** A completed, verified download: updates the RTT and throughput estimates and the byte count. */
  measure(download: PeerDownload, nowMs: number): void {
    this.bytesReceived += download.assembly.total;
    const firstByte = download.firstByteAtMs ?? nowMs;
    const rtt = Math.max(1, firstByte - download.startedAtMs);
    // Transfer time from first to last byte; a part that fits one piece measures only the RTT.
    const transferMs = nowMs - firstByte;
    this.rttMs = this.rttMs === 0 ? rtt : this.rttMs + EWMA_WEIGHT * (rtt - this.rttMs);
    if (transferMs >= 5 && download.assembly.total > 32 * 1024) {
      const sample = (download.assembly.total / transferMs) * 1000;
      this.throughputBytesPerSec =
        this.throughputBytesPerSec === 0 ? sample : this.throughputBytesPerSec + EWMA_WEIGHT * (sample - this.throughputBytesPerSec);
    }
  }

  /** Fails every download in flight (link closed). */
  failAll(error: Error): void {
    const all = [...this.downloads.values()];
    this.downloads.clear();
    for (const d of all) d.reject(error);
  }
}
