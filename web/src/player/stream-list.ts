import { isValidStreamName } from './stream-name';

/** One stream from `GET /api/streams`, as the index page shows it. */
export interface StreamEntry {
  readonly name: string;
  readonly live: boolean;
  /** Capture start of the session, when the server says. */
  readonly startedAt: Date | null;
  /** Number of people watching, when the server says. */
  readonly viewers: number | null;
  /** The best rendition, e.g. `1280×720`, when the server says. */
  readonly bestResolution: string | null;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function pick(item: Json, keys: readonly string[]): unknown {
  for (const key of keys) {
    if (item[key] !== undefined && item[key] !== null) {
      return item[key];
    }
  }
  return undefined;
}

function readLive(item: Json): boolean {
  const live = pick(item, ['live', 'isLive']);
  if (typeof live === 'boolean') {
    return live;
  }
  const ended = pick(item, ['ended', 'isEnded']);
  if (typeof ended === 'boolean') {
    return !ended;
  }
  const state = pick(item, ['state', 'status']);
  if (typeof state === 'string') {
    return state.toLowerCase() === 'live';
  }
  // An end time present means the session is over; nothing at all means the list holds it as live.
  return pick(item, ['endedAt', 'endedUtc']) === undefined;
}

function readDate(item: Json): Date | null {
  const raw = pick(item, ['startedAt', 'startedUtc', 'started', 'since']);
  if (typeof raw !== 'string' && typeof raw !== 'number') {
    return null;
  }
  const date = new Date(raw);
  return Number.isFinite(date.getTime()) ? date : null;
}

function readViewers(item: Json): number | null {
  const raw = pick(item, ['viewers', 'viewerCount', 'peers', 'peerCount']);
  return typeof raw === 'number' && Number.isFinite(raw) && raw >= 0 ? Math.floor(raw) : null;
}

function readBestResolution(item: Json): string | null {
  const renditions = pick(item, ['renditions', 'variants']);
  if (!Array.isArray(renditions)) {
    return null;
  }
  let best: { width: number; height: number } | null = null;
  for (const r of renditions) {
    if (!isObject(r)) {
      continue;
    }
    const { width, height } = r;
    if (typeof width === 'number' && typeof height === 'number' && width > 0 && height > 0) {
      if (best === null || width * height > best.width * best.height) {
        best = { width, height };
      }
    }
  }
  return best === null ? null : `${best.width}×${best.height}`;
}

/**
 * Reads the `GET /api/streams` body leniently: an array (or `{ "streams": [...] }`) of objects
 * with a `name` (or `stream`), or of plain names. Missing fields become null, entries without a
 * valid stream name are skipped (they could not be linked safely), duplicates keep the first.
 * Live streams come first, then by name.
 */
export function parseStreamList(body: unknown): StreamEntry[] {
  const items = Array.isArray(body) ? body : isObject(body) && Array.isArray(body['streams']) ? body['streams'] : [];
  const seen = new Set<string>();
  const entries: StreamEntry[] = [];
  for (const item of items as unknown[]) {
    let entry: StreamEntry | null = null;
    if (typeof item === 'string') {
      entry = { name: item, live: true, startedAt: null, viewers: null, bestResolution: null };
    } else if (isObject(item)) {
      const name = pick(item, ['name', 'stream', 'streamName']);
      if (typeof name === 'string') {
        entry = {
          name,
          live: readLive(item),
          startedAt: readDate(item),
          viewers: readViewers(item),
          bestResolution: readBestResolution(item),
        };
      }
    }
    if (entry !== null && isValidStreamName(entry.name) && !seen.has(entry.name)) {
      seen.add(entry.name);
      entries.push(entry);
    }
  }
  return entries.sort((a, b) => (a.live === b.live ? a.name.localeCompare(b.name) : a.live ? -1 : 1));
}

/** `live for 1 h 05 min`-style duration between two instants, coarse on purpose. */
export function formatUptime(startedAt: Date, now: Date): string {
  const seconds = Math.max(0, Math.floor((now.getTime() - startedAt.getTime()) / 1000));
  if (seconds < 60) {
    return `${seconds} s`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
}
