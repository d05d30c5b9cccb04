import {
  DATA_HEADER_SIZE,
  MAX_BITFIELD_COUNT,
  MAX_MESSAGE_SIZE,
  MAX_PART_INDEX,
  MAX_PART_SIZE,
  MAX_PIECE_SIZE,
  MAX_PRIORITY,
  MAX_RENDITIONS,
  MessageType,
  PROTOCOL_VERSION,
  WHOLE_SEGMENT,
} from './message-type.js';
import { AbsentReason, type PeerMessage } from './peer-message.js';
import type { ProtocolErrorCode } from './protocol-error.js';
import { WireReader } from './wire-reader.js';

/** What came of decoding one data-channel message. Errors are data, never exceptions. */
export type DecodeResult =
  | { readonly kind: 'message'; readonly message: PeerMessage }
  /** A type this version does not know: skip it (forward compatibility). */
  | { readonly kind: 'ignored'; readonly typeByte: number }
  /** Malformed: the sender is to be disconnected and reported. */
  | { readonly kind: 'error'; readonly error: ProtocolErrorCode };

const SEED_FLAG = 0x01;

const isPartIndex = (part: number): boolean => part <= MAX_PART_INDEX || part === WHOLE_SEGMENT;

/** Decodes one peer message (docs/protocol.md). DATA payloads are views into `message`. */
export function decodeMessage(message: Uint8Array): DecodeResult {
  const typeByte = message[0];
  if (typeByte === undefined) return { kind: 'error', error: 'Empty' };
  if (typeByte < MessageType.Hello || typeByte > MessageType.Absent) return { kind: 'ignored', typeByte };
  if (message.length > MAX_MESSAGE_SIZE) return { kind: 'error', error: 'TooLong' };

  const r = new WireReader(message);
  const decoded = decodeBody(typeByte as MessageType, r);
  const error = r.end();
  return error === null && decoded !== null ? { kind: 'message', message: decoded } : { kind: 'error', error: error ?? 'Truncated' };
}

function decodeBody(type: MessageType, r: WireReader): PeerMessage | null {
  switch (type) {
    case MessageType.Hello: {
      const version = r.u8();
      const flags = r.u8();
      if (r.error === null && (version !== PROTOCOL_VERSION || (flags & ~SEED_FLAG) !== 0)) r.fail('BadVersion');
      const stream = r.name();
      const count = r.u8();
      if (r.error === null && (count === 0 || count > MAX_RENDITIONS)) r.fail('BadCount');
      const renditions: string[] = [];
      for (let i = 0; r.error === null && i < count; i++) renditions.push(r.name());
      const uploadKbps = r.u32();
      return { type: 'hello', stream, renditions, uploadKbps, isSeed: (flags & SEED_FLAG) !== 0 };
    }
    case MessageType.Have: {
      const rendition = r.u8();
      const msn = r.u32();
      const part = r.u8();
      if (r.error === null && !isPartIndex(part)) r.fail('OutOfRange');
      return { type: 'have', rendition, msn, part };
    }
    case MessageType.Bitfield: {
      const rendition = r.u8();
      const baseMsn = r.u32();
      const count = r.u16();
      if (r.error === null && count > MAX_BITFIELD_COUNT) r.fail('BadCount');
      const bits = r.bytes(Math.ceil(count / 8));
      const last = bits[bits.length - 1] ?? 0;
      if (r.error === null && count % 8 !== 0 && (last & (0xff >> count % 8)) !== 0) r.fail('OutOfRange');
      return { type: 'bitfield', rendition, baseMsn, count, bits: bits.slice() };
    }
    case MessageType.Request: {
      const requestId = r.u32();
      const rendition = r.u8();
      const msn = r.u32();
      const part = r.u8();
      const priority = r.u8();
      if (r.error === null && (!isPartIndex(part) || priority > MAX_PRIORITY)) r.fail('OutOfRange');
      return { type: 'request', requestId, rendition, msn, part, priority };
    }
    case MessageType.Data: {
      const requestId = r.u32();
      const offset = r.u32();
      const total = r.u32();
      const payload = r.bytes(r.remaining);
      if (r.error === null) {
        if (payload.length === 0) r.fail('Truncated');
        else if (payload.length > MAX_PIECE_SIZE || total > MAX_PART_SIZE) r.fail('TooLong');
        else if (offset + payload.length > total) r.fail('OutOfRange');
      }
      return { type: 'data', requestId, offset, total, payload };
    }
    case MessageType.Cancel:
      return { type: 'cancel', requestId: r.u32() };
    case MessageType.Choke:
      return { type: 'choke' };
    case MessageType.Unchoke:
      return { type: 'unchoke' };
    case MessageType.Absent: {
      const requestId = r.u32();
      const reason = r.u8();
      if (r.error === null && reason > AbsentReason.Busy) r.fail('OutOfRange');
      return { type: 'absent', requestId, reason: reason as AbsentReason };
    }
  }
}

/** Size of a DATA message carrying `payloadLength` bytes. */
export const dataMessageSize = (payloadLength: number): number => 1 + DATA_HEADER_SIZE + payloadLength;
