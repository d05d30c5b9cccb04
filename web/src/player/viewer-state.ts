/**
 * What the viewer page is doing, as `window.streamSwarmViewer.state` reports it:
 * - `connecting`: loading the playlists, waiting for the first frame;
 * - `playing`: frames are advancing;
 * - `buffering`: a stall after playback started (counted in `stalls`);
 * - `paused`: the browser refused autoplay even muted, or the viewer paused; a tap resumes;
 * - `offline`: the stream is not live (never started, ended, or the origin is unreachable); the
 *   page polls and starts by itself when it goes live;
 * - `unsupported`: the browser has no Media Source Extensions;
 * - `invalid`: the page URL does not name a valid stream.
 */
export type ViewerState = 'connecting' | 'playing' | 'buffering' | 'paused' | 'offline' | 'unsupported' | 'invalid';
