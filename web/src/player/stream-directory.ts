import { formatUptime, parseStreamList, type StreamEntry } from './stream-list';
import { watchPath } from './stream-name';

/** The page elements a {@link StreamDirectory} fills; all exist in `wwwroot/index.html`. */
export interface StreamDirectoryElements {
  /** The `<ul>` of live streams. */
  readonly live: HTMLUListElement;
  /** Shown when nothing is live. */
  readonly empty: HTMLElement;
  /** The recently ended streams section (hidden when there are none) and its `<ul>`. */
  readonly endedSection: HTMLElement;
  readonly ended: HTMLUListElement;
  /** One line about the last refresh (time, or the error). */
  readonly status: HTMLElement;
}

/** Options of a {@link StreamDirectory}. */
export interface StreamDirectoryOptions {
  /**
   * The list endpoint.
   * @default '/api/streams'
   */
  readonly url?: string;
  /**
   * Refresh period.
   * @default 5000
   */
  readonly refreshMs?: number;
}

/**
 * The index page's list of streams: fetches `GET /api/streams` now and every few seconds, and
 * renders live streams as links to their viewer page. Requests never overlap.
 */
export class StreamDirectory {
  readonly #el: StreamDirectoryElements;
  readonly #url: string;
  readonly #refreshMs: number;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #controller: AbortController | null = null;
  #destroyed = false;

  constructor(elements: StreamDirectoryElements, options: StreamDirectoryOptions = {}) {
    this.#el = elements;
    this.#url = options.url ?? '/api/streams';
    this.#refreshMs = options.refreshMs ?? 5_000;
  }

  start(): void {
    void this.#refresh();
  }

  destroy(): void {
    this.#destroyed = true;
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    this.#controller?.abort();
    this.#controller = null;
  }

  async #refresh(): Promise<void> {
    this.#timer = null;
    if (this.#destroyed) {
      return;
    }
    const controller = new AbortController();
    this.#controller = controller;
    const timeout = setTimeout(() => controller.abort(), this.#refreshMs);
    try {
      const response = await fetch(this.#url, {
        cache: 'no-store',
        headers: { accept: 'application/json' },
        signal: controller.signal,
      });
      if (!response.ok) {
        throw new Error(`the server answered ${response.status}`);
      }
      const entries = parseStreamList(await response.json());
      if (!this.#destroyed) {
        this.#render(entries);
        this.#el.status.textContent = `Updated ${new Date().toLocaleTimeString()}`;
        this.#el.status.classList.remove('error');
      }
    } catch (error: unknown) {
      if (!this.#destroyed) {
        const why = error instanceof Error && error.name !== 'AbortError' ? error.message : 'no answer';
        this.#el.status.textContent = `Could not refresh the list (${why}); retrying.`;
        this.#el.status.classList.add('error');
      }
    } finally {
      clearTimeout(timeout);
      this.#controller = null;
    }
    if (!this.#destroyed) {
      this.#timer = setTimeout(() => void this.#refresh(), this.#refreshMs);
    }
  }

  #render(entries: readonly StreamEntry[]): void {
    const now = new Date();
    const live = entries.filter((e) => e.live);
    const ended = entries.filter((e) => !e.live);
    this.#el.live.replaceChildren(...live.map((e) => this.#item(e, now)));
    this.#el.empty.hidden = live.length > 0;
    this.#el.ended.replaceChildren(...ended.map((e) => this.#item(e, now)));
    this.#el.endedSection.hidden = ended.length === 0;
  }

  #item(entry: StreamEntry, now: Date): HTMLLIElement {
    const li = document.createElement('li');
    li.className = entry.live ? 'stream live' : 'stream ended';
    const link = document.createElement('a');
    link.href = watchPath(entry.name);
    const name = document.createElement('span');
    name.className = 'stream-name';
    name.textContent = entry.name;
    link.append(name);
    const facts: string[] = [];
    if (entry.live && entry.startedAt !== null) {
      facts.push(`live for ${formatUptime(entry.startedAt, now)}`);
    }
    if (entry.bestResolution !== null) {
      facts.push(entry.bestResolution);
    }
    if (entry.viewers !== null) {
      facts.push(`${entry.viewers} watching`);
    }
    if (!entry.live) {
      facts.push('ended');
    }
    if (facts.length > 0) {
      const meta = document.createElement('span');
      meta.className = 'stream-meta';
      meta.textContent = facts.join(' · ');
      link.append(meta);
    }
    li.append(link);
    return li;
  }
}
