/** One part or whole segment the player wants. */
export interface PartRequest {
  /** The origin URL, used when the part comes from the origin. */
  readonly url: string;
  readonly rendition: string;
  readonly msn: number;
  /** 0–99, or 255 for the whole segment. */
  readonly part: number;
  /** When the player needs it (its playback start), on the engine clock (`SwarmEngine.now`). */
  readonly deadlineMs: number;
}

export type PartSource = 'peer' | 'origin';

export interface LoadedPart {
  /** A copy the caller owns (hls.js may transfer it to its worker). */
  readonly bytes: Uint8Array;
  readonly source: PartSource;
  /**
   * How long the bytes took on the wire (origin fetch or peer request to last byte), ms, also for
   * parts answered from memory: what a bandwidth estimator should see, without the time spent
   * waiting for a neighbour to have the part.
   */
  readonly transferMs: number;
}
