import {
  DATA_HEADER_SIZE,
  MAX_BITFIELD_COUNT,
  MAX_PART_INDEX,
  MAX_PART_SIZE,
  MAX_PIECE_SIZE,
  MAX_PRIORITY,
  MAX_RENDITIONS,
  MessageType,
  PROTOCOL_VERSION,
  WHOLE_SEGMENT,
} from './message-type.js';
import { isValidMediaName } from './media-name.js';
import type { PeerMessage } from './peer-message.js';

const u8 = (v: number, what: string): number => {
  if (!Number.isInteger(v) || v < 0 || v > 0xff) throw new RangeError(`${what} must be 0-255, got ${v}`);
  return v;
};

const u32 = (v: number, what: string): number => {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`${what} must be a u32, got ${v}`);
  return v;
};

const part = (v: number): number => {
  if (!Number.isInteger(v) || !(v <= MAX_PART_INDEX || v === WHOLE_SEGMENT) || v < 0) {
    throw new RangeError(`part must be 0-${MAX_PART_INDEX} or ${WHOLE_SEGMENT}, got ${v}`);
  }
  return v;
};

const name = (v: string, what: string): string => {
  if (!isValidMediaName(v)) throw new RangeError(`${what} '${v}' breaks the name rules`);
  return v;
};

/**
 * Encodes one peer message (docs/protocol.md). Throws `RangeError` when a field breaks the
 * protocol's limits: that is a bug in the caller, never input from the network.
 */
export function encodeMessage(message: PeerMessage): Uint8Array {
  switch (message.type) {
    case 'hello': {
      const count = message.renditions.length;
      if (count === 0 || count > MAX_RENDITIONS) throw new RangeError(`HELLO carries 1-${MAX_RENDITIONS} renditions`);
      const names = [name(message.stream, 'stream'), ...message.renditions.map((r) => name(r, 'rendition'))];
      const size = 1 + 1 + 1 + names.reduce((n, s) => n + 1 + s.length, 0) + 1 + 4;
      const out = new Uint8Array(size);
      const view = new DataView(out.buffer);
      let p = 0;
      out[p++] = MessageType.Hello;
      out[p++] = PROTOCOL_VERSION;
      out[p++] = message.isSeed ? 1 : 0;
      const writeName = (s: string): void => {
        out[p++] = s.length;
        for (let i = 0; i < s.length; i++) out[p++] = s.charCodeAt(i);
      };
      writeName(message.stream);
      out[p++] = count;
      for (const r of message.renditions) writeName(r);
      view.setUint32(p, u32(message.uploadKbps, 'uploadKbps'));
      return out;
    }
    case 'have': {
      const out = new Uint8Array(7);
      const view = new DataView(out.buffer);
      out[0] = MessageType.Have;
      out[1] = u8(message.rendition, 'rendition');
      view.setUint32(2, u32(message.msn, 'msn'));
      out[6] = part(message.part);
      return out;
    }
    case 'bitfield': {
      const { count, bits } = message;
      if (!Number.isInteger(count) || count < 0 || count > MAX_BITFIELD_COUNT) throw new RangeError(`bitfield count must be 0-${MAX_BITFIELD_COUNT}`);
      if (bits.length !== Math.ceil(count / 8)) throw new RangeError('bitfield bits must be ceil(count/8) bytes');
      const out = new Uint8Array(8 + bits.length);
      const view = new DataView(out.buffer);
      out[0] = MessageType.Bitfield;
      out[1] = u8(message.rendition, 'rendition');
      view.setUint32(2, u32(message.baseMsn, 'baseMsn'));
      view.setUint16(6, count);
      out.set(bits, 8);
      if (count % 8 !== 0) out[out.length - 1] = (out[out.length - 1] ?? 0) & (0xff << (8 - (count % 8)));
      return out;
    }
    case 'request': {
      if (!Number.isInteger(message.priority) || message.priority < 0 || message.priority > MAX_PRIORITY) throw new RangeError(`priority must be 0-${MAX_PRIORITY}`);
      const out = new Uint8Array(12);
      const view = new DataView(out.buffer);
      out[0] = MessageType.Request;
      view.setUint32(1, u32(message.requestId, 'requestId'));
      out[5] = u8(message.rendition, 'rendition');
      view.setUint32(6, u32(message.msn, 'msn'));
      out[10] = part(message.part);
      out[11] = message.priority;
      return out;
    }
    case 'data': {
      const { payload } = message;
      if (payload.length === 0 || payload.length > MAX_PIECE_SIZE) throw new RangeError(`a piece is 1-${MAX_PIECE_SIZE} bytes`);
      if (u32(message.total, 'total') > MAX_PART_SIZE || u32(message.offset, 'offset') + payload.length > message.total) {
        throw new RangeError('a piece lies within total, and total is at most 8 MiB');
      }
      const out = new Uint8Array(1 + DATA_HEADER_SIZE + payload.length);
      const view = new DataView(out.buffer);
      out[0] = MessageType.Data;
      view.setUint32(1, u32(message.requestId, 'requestId'));
      view.setUint32(5, message.offset);
      view.setUint32(9, message.total);
      out.set(payload, 13);
      return out;
    }
    case 'cancel': {
      const out = new Uint8Array(5);
      out[0] = MessageType.Cancel;
      new DataView(out.buffer).setUint32(1, u32(message.requestId, 'requestId'));
      return out;
    }
    case 'choke':
      return Uint8Array.of(MessageType.Choke);
    case 'unchoke':
      return Uint8Array.of(MessageType.Unchoke);
    case 'absent': {
      const out = new Uint8Array(6);
      out[0] = MessageType.Absent;
      new DataView(out.buffer).setUint32(1, u32(message.requestId, 'requestId'));
      out[5] = u8(message.reason, 'reason');
      return out;
    }
  }
}
