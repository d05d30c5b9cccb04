/**
 * The shadow DOM of `<stream-swarm-player>`: markup and styles in one template, cloned per
 * element. Styles are scoped by the shadow root, so the host page's CSS cannot break the controls
 * and ours cannot leak out. The layout answers to the player's own width (container queries), not
 * the window's, because an embed is often a small box on a wide page.
 */
const ICON = {
  play: '<path d="M8 5v14l11-7z"/>',
  pause: '<path d="M6 5h4v14H6zM14 5h4v14h-4z"/>',
  volume: '<path d="M4 9v6h4l5 4V5L8 9H4zm12.5 3A4.5 4.5 0 0 0 14 8v8a4.5 4.5 0 0 0 2.5-4z"/>',
  muted: '<path d="M4 9v6h4l5 4V5L8 9H4zm16.6 0-1.4-1.4-2.6 2.6-2.6-2.6-1.4 1.4 2.6 2.6-2.6 2.6 1.4 1.4 2.6-2.6 2.6 2.6 1.4-1.4-2.6-2.6z"/>',
  stats: '<path d="M5 19V11h3v8H5zm5.5 0V5h3v14h-3zM16 19v-6h3v6h-3z"/>',
  pip: '<path d="M3 5h18v14H3V5zm2 2v10h14V7H5zm6 4h7v5h-7v-5z"/>',
  fullscreen: '<path d="M4 4h6v2H6v4H4V4zm10 0h6v6h-2V6h-4V4zM4 14h2v4h4v2H4v-6zm14 4v-4h2v6h-6v-2h4z"/>',
  exitFullscreen: '<path d="M8 4h2v6H4V8h4V4zm6 0h2v4h4v2h-6V4zM4 14h6v6H8v-4H4v-2zm10 0h6v2h-4v4h-2v-6z"/>',
} as const;

export type IconName = keyof typeof ICON;

export function iconSvg(name: IconName): string {
  return `<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">${ICON[name]}</svg>`;
}

const STYLES = `
:host {
  display: block; position: relative; width: 100%; aspect-ratio: 16 / 9; background: #000; color: #f2f4f8;
  font: 14px/1.3 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; overflow: hidden; border-radius: inherit;
  contain: layout paint; -webkit-tap-highlight-color: transparent;
}
:host([hidden]) { display: none; }
:host(:fullscreen) { aspect-ratio: auto; width: 100%; height: 100%; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.root { position: absolute; inset: 0; container-type: inline-size; outline: none; }
video { position: absolute; inset: 0; width: 100%; height: 100%; object-fit: contain; background: #000; }
.card {
  position: absolute; inset: 0; display: flex; flex-direction: column; align-items: center; justify-content: center;
  text-align: center; padding: 1rem; gap: .35rem; background: radial-gradient(ellipse at center, #1b2130 0%, #07080b 80%);
}
.card-title { margin: 0; font-size: clamp(1rem, 5cqi, 1.5rem); font-weight: 650; }
.card-detail { margin: 0; color: #a9b1c1; max-width: 32rem; font-size: clamp(.75rem, 3cqi, .95rem); }
.dot { width: .6rem; height: .6rem; border-radius: 50%; background: #7b8394; display: inline-block; margin-right: .4rem; }
.spinner {
  position: absolute; left: 50%; top: 50%; width: 2.6rem; height: 2.6rem; margin: -1.3rem 0 0 -1.3rem;
  border: 3px solid #ffffff33; border-top-color: #fff; border-radius: 50%; animation: spin 0.9s linear infinite; pointer-events: none;
}
@keyframes spin { to { transform: rotate(360deg); } }
.big-play {
  position: absolute; left: 50%; top: 50%; width: 4.2rem; height: 4.2rem; margin: -2.1rem 0 0 -2.1rem; border-radius: 50%;
  border: 0; background: #4f8cffe6; color: #fff; cursor: pointer; display: grid; place-items: center;
}
.big-play svg { width: 2rem; height: 2rem; fill: currentColor; }
.stats {
  position: absolute; top: .5rem; left: .5rem; max-width: calc(100% - 1rem); padding: .45rem .6rem; border-radius: 8px;
  background: #000000b8; font: 12px/1.35 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; pointer-events: none;
}
.stats dl { display: grid; grid-template-columns: auto 1fr; gap: .1rem .7rem; margin: 0; }
.stats dt { color: #a9b1c1; }
.stats dd { margin: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.bar {
  position: absolute; left: 0; right: 0; bottom: 0; display: flex; align-items: center; gap: .25rem;
  padding: 1.6rem .5rem .4rem; background: linear-gradient(to top, #000000d9, #00000000);
  transition: opacity .2s;
}
.root.idle .bar { opacity: 0; }
.root.idle { cursor: none; }
button, select, input { font: inherit; color: inherit; }
.ctl {
  flex: none; display: grid; place-items: center; min-width: 2.25rem; height: 2.25rem; padding: 0 .3rem; border: 0;
  border-radius: 6px; background: transparent; cursor: pointer;
}
.ctl svg { fill: currentColor; }
.ctl:hover, .quality:hover { background: #ffffff24; }
.ctl[aria-pressed="true"] { color: #8fb4ff; }
:focus-visible { outline: 2px solid #8fb4ff; outline-offset: 1px; }
.volume { flex: 0 1 5.5rem; min-width: 3rem; accent-color: #4f8cff; height: 2.25rem; margin: 0 .2rem; cursor: pointer; }
.live {
  flex: none; display: inline-flex; align-items: center; gap: .35rem; height: 1.6rem; padding: 0 .5rem; margin: 0 .25rem;
  border: 0; border-radius: 4px; background: #ffffff26; font-size: .72rem; font-weight: 700; letter-spacing: .08em;
  text-transform: uppercase; cursor: pointer; white-space: nowrap;
}
.live::before { content: ""; width: .5rem; height: .5rem; border-radius: 50%; background: #9aa3b2; }
.live[data-at-edge="true"] { background: #e5484d; cursor: default; }
.live[data-at-edge="true"]::before { background: #fff; }
.spacer { flex: 1 1 0; min-width: 0; }
.quality {
  flex: 0 1 auto; min-width: 0; max-width: 9rem; height: 2rem; padding: 0 .3rem; border: 0; border-radius: 6px;
  background: transparent; cursor: pointer; text-overflow: ellipsis;
}
.quality option { background: #161a22; color: #f2f4f8; }
.live .back { display: none; }
.live[data-at-edge="false"] .back { display: inline; }
.live[data-at-edge="false"] .now { display: none; }
/* Narrow players: keep every control reachable, drop the slider (the mute button and arrow keys
   still set the volume) and the longer texts. */
@container (max-width: 479px) {
  .volume { display: none; }
  .bar { gap: .1rem; padding: 1.2rem .25rem .25rem; }
  .ctl { min-width: 2rem; height: 2rem; padding: 0 .15rem; }
  .quality { max-width: 4.6rem; }
  .live { margin: 0 .1rem; padding: 0 .4rem; }
  .live .back { display: none !important; }
  .live[data-at-edge="false"] .now { display: inline; }
  .stats { font-size: 10.5px; }
}
`;

const MARKUP = `
<div class="root" part="root" tabindex="-1">
  <video part="video" playsinline disablepictureinpicture></video>
  <div class="spinner" data-ref="spinner" aria-hidden="true"></div>
  <div class="card" data-ref="offline" role="status" aria-live="polite" hidden>
    <p class="card-title" data-ref="offline-title"><span class="dot" aria-hidden="true"></span>Stream offline</p>
    <p class="card-detail" data-ref="offline-detail">The player starts by itself when the stream goes live.</p>
  </div>
  <button class="big-play" type="button" data-ref="big-play" aria-label="Play" hidden>${iconSvg('play')}</button>
  <aside class="stats" data-ref="stats" aria-label="Playback statistics" aria-live="off" hidden><dl data-ref="stats-list"></dl></aside>
  <div class="bar" part="controls" data-ref="bar" role="group" aria-label="Player controls">
    <button class="ctl" type="button" data-ref="play" aria-label="Play" title="Play (k)">${iconSvg('play')}</button>
    <button class="ctl" type="button" data-ref="mute" aria-label="Unmute" title="Unmute (m)">${iconSvg('muted')}</button>
    <input class="volume" type="range" data-ref="volume" min="0" max="1" step="0.05" value="1" aria-label="Volume">
    <button class="live" type="button" data-ref="live" data-at-edge="true" aria-label="Live" title="Back to live (l)"><span class="now">Live</span><span class="back">Back to live</span></button>
    <span class="spacer"></span>
    <select class="quality" data-ref="quality" aria-label="Quality" title="Quality" hidden><option value="auto">Auto</option></select>
    <button class="ctl" type="button" data-ref="stats-toggle" aria-label="Statistics" aria-pressed="false" title="Statistics (s)">${iconSvg('stats')}</button>
    <button class="ctl" type="button" data-ref="pip" aria-label="Picture in picture" aria-pressed="false" title="Picture in picture (p)">${iconSvg('pip')}</button>
    <button class="ctl" type="button" data-ref="fullscreen" aria-label="Full screen" aria-pressed="false" title="Full screen (f)">${iconSvg('fullscreen')}</button>
  </div>
</div>`;

let template: HTMLTemplateElement | null = null;

/** A fresh copy of the player's shadow content (styles first). */
export function playerContent(): DocumentFragment {
  if (template === null) {
    template = document.createElement('template');
    template.innerHTML = `<style>${STYLES}</style>${MARKUP}`;
  }
  return template.content.cloneNode(true) as DocumentFragment;
}
