/** Longest stream or rendition name. */
export const MAX_MEDIA_NAME_LENGTH = 64;

const MEDIA_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/**
 * Stream and rendition names: 1–64 characters of `a-z 0-9 - _`, the first a letter or digit. The
 * same rule as `StreamSwarm.Core.Media.MediaNames` on the server.
 */
export function isValidMediaName(name: string): boolean {
  return MEDIA_NAME.test(name);
}
