import { isValidMediaName, MAX_MEDIA_NAME_LENGTH } from '../core/protocol/media-name.js';

/**
 * Stream names as the server accepts them (`StreamSwarm.Core.Media.MediaNames`, docs/ingest.md):
 * 1–64 characters of `a-z 0-9 - _`, the first a letter or digit. Names in this shape are safe in
 * URL paths, playlists and the DOM without escaping.
 */
export const STREAM_NAME_MAX_LENGTH = MAX_MEDIA_NAME_LENGTH;

/** The path prefix under which the server serves the viewer page (`/watch/{stream}`). */
export const WATCH_PATH_PREFIX = '/watch/';

export function isValidStreamName(name: string): boolean {
  return isValidMediaName(name);
}

/**
 * The stream name in a viewer page path such as `/watch/demo` (one trailing slash tolerated), or
 * null when the path is not a viewer path or the name is not valid. No percent-decoding: a valid
 * name never needs escaping, so an escaped one is not valid.
 */
export function streamNameFromPath(pathname: string): string | null {
  if (!pathname.startsWith(WATCH_PATH_PREFIX)) {
    return null;
  }
  let name = pathname.slice(WATCH_PATH_PREFIX.length);
  if (name.endsWith('/')) {
    name = name.slice(0, -1);
  }
  return isValidStreamName(name) ? name : null;
}

/** The viewer page path for a stream. */
export function watchPath(stream: string): string {
  return WATCH_PATH_PREFIX + stream;
}

/** The multivariant playlist of a stream on the origin (docs/ingest.md, "Origin"). */
export function masterPlaylistPath(stream: string): string {
  return `/live/${stream}/master.m3u8`;
}
