export * from './message-type.js';
export * from './peer-message.js';
export type { ProtocolErrorCode } from './protocol-error.js';
export { decodeMessage, dataMessageSize, type DecodeResult } from './decode-message.js';
export { encodeMessage } from './encode-message.js';
export { isValidMediaName, MAX_MEDIA_NAME_LENGTH } from './media-name.js';
