import { HeadlessViewer, type HeadlessViewerOptions, type HeadlessViewerSample } from './headless-viewer.js';

/**
 * The script the swarm bench puts in a page served at the server's origin: `start` creates
 * viewers without video (each its own engine, hub connection and peer connections), `sample`
 * reads them all, `stop` ends them. Nothing here is part of the viewer page or the player.
 */
interface HeadlessPageApi {
  start(options: readonly HeadlessViewerOptions[]): number;
  sample(): HeadlessViewerSample[];
  stop(): void;
}

const viewers: HeadlessViewer[] = [];

const api: HeadlessPageApi = {
  start(options) {
    for (const o of options) {
      const viewer = new HeadlessViewer(o);
      viewers.push(viewer);
      viewer.run().catch((e: unknown) => console.error('headless viewer failed', e));
    }
    return viewers.length;
  },
  sample: () => viewers.map((v) => v.sample()),
  stop() {
    for (const v of viewers) v.stop();
  },
};

(globalThis as unknown as { streamSwarmHeadless: HeadlessPageApi }).streamSwarmHeadless = api;
