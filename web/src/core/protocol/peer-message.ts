/** Why an uploader does not serve a request. */
export const AbsentReason = { NotHeld: 0, Evicted: 1, Choked: 2, Busy: 3 } as const;
export type AbsentReason = (typeof AbsentReason)[keyof typeof AbsentReason];

export interface HelloMessage {
  readonly type: 'hello';
  readonly stream: string;
  readonly renditions: readonly string[];
  readonly uploadKbps: number;
  readonly isSeed: boolean;
}

export interface HaveMessage {
  readonly type: 'have';
  readonly rendition: number;
  readonly msn: number;
  /** 0–99, or 255 for the whole segment. */
  readonly part: number;
}

export interface BitfieldMessage {
  readonly type: 'bitfield';
  readonly rendition: number;
  readonly baseMsn: number;
  readonly count: number;
  /** ⌈count/8⌉ bytes, bit i (MSB first) = holds segment baseMsn + i. */
  readonly bits: Uint8Array;
}

export interface RequestMessage {
  readonly type: 'request';
  readonly requestId: number;
  readonly rendition: number;
  readonly msn: number;
  readonly part: number;
  readonly priority: number;
}

export interface DataMessage {
  readonly type: 'data';
  readonly requestId: number;
  readonly offset: number;
  readonly total: number;
  /** A view into the received message, not a copy. */
  readonly payload: Uint8Array;
}

export interface CancelMessage {
  readonly type: 'cancel';
  readonly requestId: number;
}

export interface ChokeMessage {
  readonly type: 'choke';
}

export interface UnchokeMessage {
  readonly type: 'unchoke';
}

export interface AbsentMessage {
  readonly type: 'absent';
  readonly requestId: number;
  readonly reason: AbsentReason;
}

/** Every message of protocol v1, tagged by `type`. */
export type PeerMessage =
  | HelloMessage
  | HaveMessage
  | BitfieldMessage
  | RequestMessage
  | DataMessage
  | CancelMessage
  | ChokeMessage
  | UnchokeMessage
  | AbsentMessage;

/** Whether bit `index` of a BITFIELD is set. */
export function bitfieldHas(bitfield: BitfieldMessage, index: number): boolean {
  if (!Number.isInteger(index) || index < 0 || index >= bitfield.count) {
    return false;
  }
  return ((bitfield.bits[index >> 3] ?? 0) & (0x80 >> (index & 7))) !== 0;
}
