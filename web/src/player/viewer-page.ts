import { SwarmEngine } from '../core/swarm-engine';
import { streamNameFromPath } from './stream-name';
import { Viewer } from './viewer';
import type { ViewerState } from './viewer-state';

/** What the page exposes to tests and to the console as `window.streamSwarmViewer` (read-only). */
export interface StreamSwarmViewerApi {
  readonly state: ViewerState;
  /** `Date.now() - hls.playingDate` in seconds; null when nothing plays. */
  readonly latencySeconds: number | null;
  /** Seconds buffered ahead of the playhead. */
  readonly bufferSeconds: number;
  /** `waiting` events while playing (see README). */
  readonly stalls: number;
  /** Seconds spent in those stalls, the open one included. */
  readonly stallSeconds: number;
  /** The swarm's counters (bytes from peers and origin, peers, parts on time); null with `?p2p=0`. */
  readonly swarm?: SwarmEngine['stats'] | null;
  /** Our peer id in the swarm once joined; null before, and with `?p2p=0`. */
  readonly swarmPeerId?: string | null;
  /** Peer ids of the neighbours whose data channel is open; empty with `?p2p=0`. */
  readonly swarmNeighbours?: readonly string[];
}

declare global {
  interface Window {
    readonly streamSwarmViewer?: StreamSwarmViewerApi;
  }
}

function required<T extends HTMLElement>(id: string, type: new () => T): T {
  const el = document.getElementById(id);
  if (!(el instanceof type)) {
    throw new Error(`watch.html is missing #${id} (${type.name})`);
  }
  return el;
}

function optional<T extends HTMLElement>(id: string, type: new () => T): T | null {
  const el = document.getElementById(id);
  return el instanceof type ? el : null;
}

function expose(api: StreamSwarmViewerApi): void {
  Object.defineProperty(window, 'streamSwarmViewer', { value: api, writable: false, configurable: true });
}

function main(): void {
  const stream = streamNameFromPath(location.pathname);
  const stage = required('stage', HTMLElement);
  const title = optional('stream-title', HTMLElement);

  if (stream === null) {
    stage.dataset['state'] = 'invalid';
    const offline = required('offline', HTMLElement);
    offline.hidden = false;
    const heading = offline.querySelector('[data-offline-title]');
    if (heading !== null) {
      heading.textContent = 'No such stream';
    }
    const detail = offline.querySelector('[data-offline-detail]');
    if (detail !== null) {
      detail.textContent =
        'Stream names are 1–64 characters of a–z, 0–9, "-" or "_", starting with a letter or digit.';
    }
    expose(
      Object.freeze({ state: 'invalid', latencySeconds: null, bufferSeconds: 0, stalls: 0, stallSeconds: 0 } as const),
    );
    return;
  }

  document.title = `${stream} — StreamSwarm`;
  if (title !== null) {
    title.textContent = stream;
  }

  // `?p2p=0` plays from the origin only (comparisons, troubleshooting).
  const swarm = new URLSearchParams(location.search).get('p2p') === '0' ? null : new SwarmEngine();
  const viewer = new Viewer(
    {
      stage,
      video: required('video', HTMLVideoElement),
      offline: required('offline', HTMLElement),
      unmute: required('unmute', HTMLButtonElement),
      play: required('play', HTMLButtonElement),
      stats: required('stats', HTMLElement),
      statsToggle: optional('stats-toggle', HTMLButtonElement),
      fullscreen: optional('fullscreen', HTMLButtonElement),
      liveBadge: optional('live-badge', HTMLElement),
    },
    { stream, swarm },
  );

  expose(
    Object.freeze({
      get state() {
        return viewer.state;
      },
      get latencySeconds() {
        return viewer.latencySeconds;
      },
      get bufferSeconds() {
        return viewer.bufferSeconds;
      },
      get stalls() {
        return viewer.stalls;
      },
      get swarm() {
        return swarm?.stats ?? null;
      },
      get swarmPeerId() {
        return swarm?.peerId ?? null;
      },
      get swarmNeighbours() {
        return swarm?.connectedPeers ?? [];
      },
      get stallSeconds() {
        return viewer.stallSeconds;
      },
    }),
  );

  // `pagehide` rather than `unload`: it also fires when the page goes into the back/forward cache.
  window.addEventListener('pagehide', (event) => {
    if (!event.persisted) {
      viewer.destroy();
      swarm?.destroy();
    }
  });
  viewer.start();
}

main();
