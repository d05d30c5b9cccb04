import type { SwarmConfig } from './swarm-config.js';

/** Neighbours to tell CHOKE or UNCHOKE after a rechoke. */
export interface RechokeResult {
  readonly unchoke: readonly string[];
  readonly choke: readonly string[];
}

interface Score {
  bytes: number;
  atMs: number;
}

/**
 * Who may download from us (BitTorrent-style choking, adapted to live): `uploadSlots` neighbours
 * that sent us the most bytes recently (an exponentially decaying score with
 * `reciprocityHalfLifeMs`) are unchoked for reciprocity, plus `optimisticSlots` chosen at random
 * among the others and moved every `optimisticRotationMs`, so a newcomer that has nothing to give
 * yet still gets served and can start giving back. Pure: time and randomness come in.
 */
export class UploadSlots {
  readonly #config: SwarmConfig;
  readonly #random: () => number;
  readonly #scores = new Map<string, Score>();
  readonly #unchoked = new Set<string>();
  #optimistic: string[] = [];
  #optimisticSinceMs = Number.NEGATIVE_INFINITY;

  constructor(config: SwarmConfig, random: () => number = Math.random) {
    this.#config = config;
    this.#random = random;
  }

  addPeer(peerId: string, nowMs: number): void {
    if (!this.#scores.has(peerId)) this.#scores.set(peerId, { bytes: 0, atMs: nowMs });
  }

  removePeer(peerId: string): void {
    this.#scores.delete(peerId);
    this.#unchoked.delete(peerId);
    this.#optimistic = this.#optimistic.filter((p) => p !== peerId);
  }

  /** Verified bytes downloaded from a neighbour (only verified bytes earn reciprocity). */
  recordReceived(peerId: string, bytes: number, nowMs: number): void {
    const s = this.#scores.get(peerId);
    if (s === undefined) return;
    s.bytes = this.#decayed(s, nowMs) + bytes;
    s.atMs = nowMs;
  }

  isUnchoked(peerId: string): boolean {
    return this.#unchoked.has(peerId);
  }

  get unchoked(): readonly string[] {
    return [...this.#unchoked];
  }

  /** Recomputes the slots; returns who changed state. */
  rechoke(nowMs: number): RechokeResult {
    const c = this.#config;
    const ranked = [...this.#scores.entries()]
      .map(([peerId, s]) => ({ peerId, score: this.#decayed(s, nowMs) }))
      .sort((a, b) => b.score - a.score || (a.peerId < b.peerId ? -1 : 1));
    const regular = ranked.slice(0, c.uploadSlots).map((r) => r.peerId);
    const others = ranked.slice(c.uploadSlots).map((r) => r.peerId);

    const keepOptimistic = this.#optimistic.filter((p) => others.includes(p));
    const rotate = nowMs - this.#optimisticSinceMs >= c.optimisticRotationMs || keepOptimistic.length < Math.min(c.optimisticSlots, others.length);
    if (rotate) {
      // Prefer neighbours that were not optimistic last time, so the slot really moves.
      const fresh = others.filter((p) => !this.#optimistic.includes(p));
      const pool = fresh.length >= c.optimisticSlots ? fresh : others;
      this.#optimistic = this.#pick(pool, Math.min(c.optimisticSlots, others.length));
      this.#optimisticSinceMs = nowMs;
    } else {
      this.#optimistic = keepOptimistic;
    }

    const next = new Set([...regular, ...this.#optimistic]);
    const unchoke = [...next].filter((p) => !this.#unchoked.has(p));
    const choke = [...this.#unchoked].filter((p) => !next.has(p));
    this.#unchoked.clear();
    for (const p of next) this.#unchoked.add(p);
    return { unchoke, choke };
  }

  #pick(pool: readonly string[], n: number): string[] {
    const copy = [...pool];
    const out: string[] = [];
    while (out.length < n && copy.length > 0) {
      const i = Math.min(copy.length - 1, Math.floor(this.#random() * copy.length));
      out.push(...copy.splice(i, 1));
    }
    return out;
  }

  #decayed(s: Score, nowMs: number): number {
    const dt = Math.max(0, nowMs - s.atMs);
    return s.bytes * Math.pow(0.5, dt / this.#config.reciprocityHalfLifeMs);
  }
}
