import type { FragmentLoaderConstructor, HlsConfig } from 'hls.js';
import { swarmFragmentLoader, type PlayheadLike, type SwarmPartSource } from './swarm-fragment-loader.js';

/** The part of an `Hls` instance {@link attachSwarm} touches. */
export interface HlsWithConfig {
  readonly config: Pick<HlsConfig, 'fLoader'>;
}

/**
 * hls.js config that routes media segments and parts through the swarm; merge it into the config
 * given to `new Hls(...)`.
 */
export function swarmHlsConfig(engine: SwarmPartSource, video: PlayheadLike): { fLoader: FragmentLoaderConstructor } {
  return { fLoader: swarmFragmentLoader(engine, video) };
}

/**
 * Routes an existing `Hls` instance's fragment and part loads through the swarm. hls.js reads
 * `config.fLoader` for every load, so this works after construction too (before `loadSource` is
 * best: the first parts then come through the engine as well). Returns a function that puts the
 * previous loader back.
 */
export function attachSwarm(hls: HlsWithConfig, video: PlayheadLike, engine: SwarmPartSource): () => void {
  const config = hls.config as { fLoader?: FragmentLoaderConstructor };
  const previous = config.fLoader;
  const mine = swarmFragmentLoader(engine, video);
  config.fLoader = mine;
  return () => {
    if (config.fLoader !== mine) return;
    if (previous === undefined) delete config.fLoader;
    else config.fLoader = previous;
  };
}
