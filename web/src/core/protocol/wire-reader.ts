import { isValidMediaName } from './media-name.js';
import type { ProtocolErrorCode } from './protocol-error.js';

/**
 * Bounds-checked big-endian reader over one message. Reads past the end record `Truncated` and
 * return 0; the first error sticks, so a decoder reads every field and checks once.
 */
export class WireReader {
  readonly #data: Uint8Array;
  readonly #view: DataView;
  #position = 1;
  #error: ProtocolErrorCode | null = null;

  constructor(message: Uint8Array) {
    this.#data = message;
    this.#view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  }

  get error(): ProtocolErrorCode | null {
    return this.#error;
  }

  get remaining(): number {
    return this.#error === null ? this.#data.length - this.#position : 0;
  }

  u8(): number {
    if (!this.#has(1)) return 0;
    return this.#data[this.#position++] ?? 0;
  }

  u16(): number {
    if (!this.#has(2)) return 0;
    const v = this.#view.getUint16(this.#position);
    this.#position += 2;
    return v;
  }

  u32(): number {
    if (!this.#has(4)) return 0;
    const v = this.#view.getUint32(this.#position);
    this.#position += 4;
    return v;
  }

  bytes(count: number): Uint8Array {
    if (!this.#has(count)) return new Uint8Array(0);
    const v = this.#data.subarray(this.#position, this.#position + count);
    this.#position += count;
    return v;
  }

  /** A length-prefixed ASCII name that must follow the media name rules. */
  name(): string {
    const bytes = this.bytes(this.u8());
    if (this.#error !== null) return '';
    let name = '';
    for (const b of bytes) {
      name += String.fromCharCode(b);
    }
    if (!isValidMediaName(name)) {
      this.fail('BadName');
      return '';
    }
    return name;
  }

  fail(error: ProtocolErrorCode): void {
    this.#error ??= error;
  }

  /** The error, or `TrailingBytes` when bytes are left after the last field, or null. */
  end(): ProtocolErrorCode | null {
    if (this.#error !== null) return this.#error;
    return this.#position === this.#data.length ? null : 'TrailingBytes';
  }

  #has(count: number): boolean {
    if (this.#error !== null) return false;
    if (this.#data.length - this.#position < count) {
      this.#error = 'Truncated';
      return false;
    }
    return true;
  }
}
