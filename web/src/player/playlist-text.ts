/**
 * The two facts the offline probe needs from HLS playlists, read without a full parser
 * (RFC 8216bis §4): where the first variant of a multivariant playlist is, and whether a media
 * playlist is finished.
 */

/**
 * The URI of the first variant (the line after the first `#EXT-X-STREAM-INF`) of a multivariant
 * playlist, or null when there is none.
 */
export function firstVariantUri(multivariant: string): string | null {
  const lines = multivariant.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    if (!(lines[i] ?? '').startsWith('#EXT-X-STREAM-INF')) {
      continue;
    }
    for (let j = i + 1; j < lines.length; j++) {
      const line = (lines[j] ?? '').trim();
      if (line === '' || line.startsWith('#')) {
        continue;
      }
      return line;
    }
    return null;
  }
  return null;
}

/** True when the text is an HLS playlist at all (`#EXTM3U` first, RFC 8216bis §4.4.1.1). */
export function isPlaylist(text: string): boolean {
  return text.replace(/^\uFEFF/, '').startsWith('#EXTM3U');
}

/** True when a media playlist carries `#EXT-X-ENDLIST`: the broadcast is over. */
export function hasEndList(media: string): boolean {
  return /^#EXT-X-ENDLIST\s*$/m.test(media);
}
