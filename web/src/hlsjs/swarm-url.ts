/** A media URL of the origin that the swarm can serve (docs/ingest.md, "Origin"). */
export interface SwarmMediaTarget {
  readonly stream: string;
  readonly rendition: string;
  readonly msn: number;
  /** 0–99, or 255 for the whole segment. */
  readonly part: number;
}

const NAME = '[a-z0-9][a-z0-9_-]{0,63}';
const MEDIA_PATH = new RegExp(`/live/(${NAME})/(${NAME})/(0|[1-9][0-9]{0,9})(?:\\.(0|[1-9][0-9]?))?\\.m4s$`);

/**
 * Maps `/live/{stream}/{rendition}/{msn}.m4s` (whole segment, part 255) and
 * `/live/{stream}/{rendition}/{msn}.{part}.m4s` to what the swarm relays; anything else (playlists,
 * `init.mp4`, other hosts' layouts, query strings) is null and goes to hls.js's own loader.
 */
export function parseSwarmMediaUrl(url: string): SwarmMediaTarget | null {
  let path: string;
  try {
    const parsed = new URL(url, 'http://relative.invalid');
    if (parsed.search !== '' || parsed.hash !== '') return null;
    path = parsed.pathname;
  } catch {
    return null;
  }
  const m = MEDIA_PATH.exec(path);
  if (m === null) return null;
  const [, stream, rendition, msnText, partText] = m;
  if (stream === undefined || rendition === undefined || msnText === undefined) return null;
  const msn = Number(msnText);
  if (msn > 0xffffffff) return null;
  return { stream, rendition, msn, part: partText === undefined ? 255 : Number(partText) };
}
