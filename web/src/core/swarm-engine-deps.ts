import { signalRHubConnectionFactory, type HubClientTimers, type HubConnectionFactory } from './hub-client.js';
import { browserPeerConnectionFactory, type PeerConnectionFactory } from './peer-link.js';
import { sha256Hex, type Sha256Hex } from './sha256.js';

/** The browser parts the engine needs, injected so that node tests can fake them. */
export interface SwarmEngineDeps {
  readonly createPeerConnection: PeerConnectionFactory;
  readonly connectHub: HubConnectionFactory;
  readonly fetch: (url: string, init: { signal: AbortSignal }) => Promise<{ readonly ok: boolean; readonly status: number; arrayBuffer(): Promise<ArrayBuffer> }>;
  readonly sha256Hex: Sha256Hex;
  /** Monotonic milliseconds; `loadPart` deadlines are on this clock. */
  readonly now: () => number;
  readonly timers: HubClientTimers;
  readonly random: () => number;
}

/** The browser implementations of {@link SwarmEngineDeps}. */
export function browserSwarmDeps(): SwarmEngineDeps {
  return {
    createPeerConnection: browserPeerConnectionFactory,
    connectHub: signalRHubConnectionFactory,
    fetch: (url, init) => globalThis.fetch(url, init),
    sha256Hex,
    now: () => performance.now(),
    timers: {
      setTimeout: (cb, ms) => globalThis.setTimeout(cb, ms),
      clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
    },
    random: Math.random,
  };
}

/**
 * The given deps over the browser ones. When every dep is given the browser ones are never built,
 * so node tests do not touch `RTCPeerConnection` or `performance`.
 */
export function resolveSwarmDeps(deps: Partial<SwarmEngineDeps>): SwarmEngineDeps {
  const given: Partial<SwarmEngineDeps> = {};
  for (const key of Object.keys(deps) as (keyof SwarmEngineDeps)[]) {
    if (deps[key] !== undefined) (given as Record<string, unknown>)[key] = deps[key];
  }
  const complete =
    given.createPeerConnection !== undefined && given.connectHub !== undefined && given.fetch !== undefined &&
    given.sha256Hex !== undefined && given.now !== undefined && given.timers !== undefined && given.random !== undefined;
  return { ...(complete ? {} : browserSwarmDeps()), ...given } as SwarmEngineDeps;
}
