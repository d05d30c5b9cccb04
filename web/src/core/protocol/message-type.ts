/** The first byte of every peer message (docs/protocol.md, "Messages"). */
export const MessageType = {
  Hello: 0x01,
  Have: 0x02,
  Bitfield: 0x03,
  Request: 0x04,
  Data: 0x05,
  Cancel: 0x06,
  Choke: 0x07,
  Unchoke: 0x08,
  Absent: 0x09,
} as const;

export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** Protocol version spoken in HELLO. */
export const PROTOCOL_VERSION = 1;

/** Largest DATA payload: pieces stay small so requests interleave on one channel. */
export const MAX_PIECE_SIZE = 16 * 1024;

/** Largest part a peer relays; the same as the server's ingest limit. */
export const MAX_PART_SIZE = 8 * 1024 * 1024;

/** DATA header after the type byte: request, offset, total. */
export const DATA_HEADER_SIZE = 12;

/** Largest valid message: a DATA message with a full piece. */
export const MAX_MESSAGE_SIZE = 1 + DATA_HEADER_SIZE + MAX_PIECE_SIZE;

/** Part index meaning "the whole segment". */
export const WHOLE_SEGMENT = 255;

/** Highest part index within a segment. */
export const MAX_PART_INDEX = 99;

/** Most renditions a HELLO may list. */
export const MAX_RENDITIONS = 8;

/** Most segments one BITFIELD may describe. */
export const MAX_BITFIELD_COUNT = 1024;

/** Highest REQUEST priority (prefetch); 0 is urgent. */
export const MAX_PRIORITY = 3;
