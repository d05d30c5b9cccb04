import type { RenditionInfo } from '../hlsjs/hls-playback.js';
import type { PlayerState } from './player-session.js';
import { iconSvg } from './player-template.js';
import { NARROW_PLAYER_PX, autoLabel, renditionLabels } from './rendition-labels.js';

/** What the controls ask of the player. */
export interface PlayerActions {
  readonly play: () => void;
  readonly pause: () => void;
  readonly seekToLive: () => void;
  readonly selectQuality: (quality: 'auto' | number) => void;
}

/** Hide the control bar after this long without pointer movement while playing. */
const IDLE_MS = 3_000;
const VOLUME_STEP = 0.1;

function ref<T extends Element>(root: ShadowRoot, name: string, type: abstract new () => T): T {
  const el = root.querySelector(`[data-ref="${name}"]`);
  if (!(el instanceof type)) throw new Error(`player template is missing ${name}`);
  return el;
}

/**
 * The control bar and overlays in the shadow root: buttons, volume, LIVE badge, quality picker,
 * stats panel, keyboard shortcuts (k/space play, m mute, arrows volume, f full screen,
 * p picture-in-picture, s stats, l live) and hiding the bar while the pointer rests.
 */
export class PlayerControls {
  readonly #host: HTMLElement;
  readonly #video: HTMLVideoElement;
  readonly #actions: PlayerActions;
  readonly #root: HTMLElement;
  readonly #bar: HTMLElement;
  readonly #play: HTMLButtonElement;
  readonly #bigPlay: HTMLButtonElement;
  readonly #mute: HTMLButtonElement;
  readonly #volume: HTMLInputElement;
  readonly #live: HTMLButtonElement;
  readonly #quality: HTMLSelectElement;
  readonly #statsToggle: HTMLButtonElement;
  readonly #stats: HTMLElement;
  readonly #statsList: HTMLDListElement;
  readonly #pip: HTMLButtonElement;
  readonly #fullscreen: HTMLButtonElement;
  readonly #spinner: HTMLElement;
  readonly #card: HTMLElement;
  readonly #cardTitle: HTMLElement;
  readonly #cardDetail: HTMLElement;
  readonly #statValues = new Map<string, HTMLElement>();
  #state: PlayerState = 'connecting';
  #visible = true;
  #idleTimer: ReturnType<typeof setTimeout> | null = null;
  #qualityKey = '';
  #autoHeight: number | null = null;
  #narrow = false;
  #resize: ResizeObserver | null = null;

  constructor(shadow: ShadowRoot, host: HTMLElement, video: HTMLVideoElement, actions: PlayerActions) {
    this.#host = host;
    this.#video = video;
    this.#actions = actions;
    this.#root = ref(shadow, 'bar', HTMLElement).parentElement as HTMLElement;
    this.#bar = ref(shadow, 'bar', HTMLElement);
    this.#play = ref(shadow, 'play', HTMLButtonElement);
    this.#bigPlay = ref(shadow, 'big-play', HTMLButtonElement);
    this.#mute = ref(shadow, 'mute', HTMLButtonElement);
    this.#volume = ref(shadow, 'volume', HTMLInputElement);
    this.#live = ref(shadow, 'live', HTMLButtonElement);
    this.#quality = ref(shadow, 'quality', HTMLSelectElement);
    this.#statsToggle = ref(shadow, 'stats-toggle', HTMLButtonElement);
    this.#stats = ref(shadow, 'stats', HTMLElement);
    this.#statsList = ref(shadow, 'stats-list', HTMLDListElement);
    this.#pip = ref(shadow, 'pip', HTMLButtonElement);
    this.#fullscreen = ref(shadow, 'fullscreen', HTMLButtonElement);
    this.#spinner = ref(shadow, 'spinner', HTMLElement);
    this.#card = ref(shadow, 'offline', HTMLElement);
    this.#cardTitle = ref(shadow, 'offline-title', HTMLElement);
    this.#cardDetail = ref(shadow, 'offline-detail', HTMLElement);

    this.#play.addEventListener('click', this.#togglePlay);
    this.#bigPlay.addEventListener('click', () => this.#actions.play());
    this.#mute.addEventListener('click', this.#toggleMute);
    this.#volume.addEventListener('input', () => {
      this.#video.volume = Number(this.#volume.value);
      this.#video.muted = this.#video.volume === 0;
    });
    this.#live.addEventListener('click', () => {
      if (this.#live.dataset['atEdge'] !== 'true') this.#actions.seekToLive();
    });
    this.#quality.addEventListener('change', () => {
      const value = this.#quality.value;
      this.#actions.selectQuality(value === 'auto' ? 'auto' : Number(value));
    });
    this.#statsToggle.addEventListener('click', () => this.toggleStats());
    this.#pip.addEventListener('click', this.#togglePip);
    this.#fullscreen.addEventListener('click', this.#toggleFullscreen);
    this.#video.addEventListener('click', this.#togglePlay);
    this.#video.addEventListener('enterpictureinpicture', this.#syncPip);
    this.#video.addEventListener('leavepictureinpicture', this.#syncPip);
    this.#pip.hidden = !(typeof document !== 'undefined' && document.pictureInPictureEnabled);
    this.showVolume();
  }

  /** Called when the host joins a document. */
  attach(): void {
    if (!this.#host.hasAttribute('tabindex')) this.#host.tabIndex = 0;
    if (!this.#host.hasAttribute('role')) this.#host.setAttribute('role', 'region');
    if (!this.#host.hasAttribute('aria-label')) this.#host.setAttribute('aria-label', 'Live video player');
    this.#host.addEventListener('keydown', this.#onKey);
    this.#host.addEventListener('pointermove', this.#wake);
    this.#host.addEventListener('focusin', this.#wake);
    document.addEventListener('fullscreenchange', this.#syncFullscreen);
    if (typeof ResizeObserver !== 'undefined' && this.#resize === null) {
      this.#resize = new ResizeObserver((entries) => {
        const width = entries[0]?.contentRect.width ?? 0;
        const narrow = width > 0 && width < NARROW_PLAYER_PX;
        if (narrow === this.#narrow) return;
        this.#narrow = narrow;
        this.#labelAuto();
      });
      this.#resize.observe(this.#host);
    }
  }

  detach(): void {
    this.#host.removeEventListener('keydown', this.#onKey);
    this.#host.removeEventListener('pointermove', this.#wake);
    this.#host.removeEventListener('focusin', this.#wake);
    document.removeEventListener('fullscreenchange', this.#syncFullscreen);
    this.#resize?.disconnect();
    this.#resize = null;
    this.#clearIdle();
  }

  setVisible(visible: boolean): void {
    this.#visible = visible;
    this.#bar.hidden = !visible;
  }

  /** Back to the look of a player that is connecting (a new stream or server). */
  reset(): void {
    this.#card.hidden = true;
    this.#quality.replaceChildren(new Option('Auto', 'auto'));
    this.#quality.hidden = true;
    this.#qualityKey = '';
    this.setState('connecting');
  }

  setState(state: PlayerState): void {
    this.#state = state;
    this.#root.dataset['state'] = state;
    this.#host.setAttribute('state', state);
    const active = state === 'playing' || state === 'buffering';
    this.#spinner.hidden = state !== 'connecting' && state !== 'buffering';
    this.#card.hidden = state !== 'offline' && state !== 'invalid' && state !== 'unsupported';
    this.#bigPlay.hidden = state !== 'paused' || !this.#visible;
    this.#play.innerHTML = iconSvg(active ? 'pause' : 'play');
    this.#play.setAttribute('aria-label', active ? 'Pause' : 'Play');
    this.#play.title = active ? 'Pause (k)' : 'Play (k)';
    this.#live.hidden = state === 'offline' || state === 'invalid' || state === 'unsupported';
    if (state === 'unsupported') this.showMessage('Playback is not supported', 'This browser has no Media Source Extensions.');
    if (active) this.#wake();
    else {
      this.#clearIdle();
      this.#root.classList.remove('idle');
    }
  }

  showMessage(title: string, detail: string): void {
    const dot = this.#cardTitle.querySelector('.dot');
    this.#cardTitle.replaceChildren(...(dot === null ? [] : [dot]), title);
    this.#cardDetail.textContent = detail;
  }

  showVolume(): void {
    const v = this.#video;
    const muted = v.muted || v.volume === 0;
    this.#mute.innerHTML = iconSvg(muted ? 'muted' : 'volume');
    this.#mute.setAttribute('aria-label', muted ? 'Unmute' : 'Mute');
    this.#mute.title = muted ? 'Unmute (m)' : 'Mute (m)';
    this.#volume.value = String(muted ? 0 : v.volume);
    this.#volume.setAttribute('aria-valuetext', muted ? 'muted' : `${Math.round(v.volume * 100)} %`);
  }

  /** Autoplay went on muted: make the unmute button noticeable. */
  flagMuted(): void {
    this.showVolume();
    this.#mute.setAttribute('aria-pressed', 'false');
  }

  showLive(atEdge: boolean): void {
    const value = String(atEdge);
    if (this.#live.dataset['atEdge'] === value) return;
    this.#live.dataset['atEdge'] = value;
    this.#live.setAttribute('aria-label', atEdge ? 'Live' : 'Behind live: go back to live');
  }

  setRenditions(renditions: readonly RenditionInfo[], selected: 'auto' | number): void {
    const labels = renditionLabels(renditions);
    const key = labels.join('|');
    if (key !== this.#qualityKey) {
      this.#qualityKey = key;
      const options = [new Option('Auto', 'auto')];
      // Highest first, as people expect in a quality menu; hls.js orders its levels by bitrate.
      const order = renditions.map((r, i) => ({ r, label: labels[i] ?? String(i) }));
      order.sort((a, b) => b.r.height - a.r.height || b.r.bitrate - a.r.bitrate);
      for (const { r, label } of order) options.push(new Option(label, String(r.index)));
      this.#quality.replaceChildren(...options);
    }
    // One rendition leaves nothing to pick.
    this.#quality.hidden = renditions.length < 2;
    this.#quality.value = String(selected);
  }

  /** Keeps the picker on the choice and names what Auto is showing. */
  showQuality(selected: 'auto' | number, current: RenditionInfo | null): void {
    if (this.#quality.hidden) return;
    this.#autoHeight = current === null ? null : current.height;
    this.#labelAuto();
    const value = String(selected);
    // Not while the viewer is choosing in the open picker.
    if (this.#quality.value !== value && this.#host.shadowRoot?.activeElement !== this.#quality) this.#quality.value = value;
  }

  #labelAuto(): void {
    const auto = this.#quality.options[0];
    const label = autoLabel(this.#autoHeight, this.#narrow);
    if (auto !== undefined && auto.text !== label) auto.text = label;
  }

  toggleStats(visible?: boolean): void {
    const show = visible ?? this.#stats.hidden;
    this.#stats.hidden = !show;
    this.#statsToggle.setAttribute('aria-pressed', String(show));
  }

  updateStats(rows: readonly (readonly [string, string])[]): void {
    if (this.#stats.hidden) return;
    for (const [label, text] of rows) {
      let value = this.#statValues.get(label);
      if (value === undefined) {
        const term = document.createElement('dt');
        term.textContent = label;
        value = document.createElement('dd');
        value.dataset['stat'] = label;
        this.#statsList.append(term, value);
        this.#statValues.set(label, value);
      }
      if (value.textContent !== text) value.textContent = text;
    }
  }

  readonly #togglePlay = (): void => {
    if (this.#state === 'playing' || this.#state === 'buffering') this.#actions.pause();
    else this.#actions.play();
  };

  readonly #toggleMute = (): void => {
    const v = this.#video;
    v.muted = !(v.muted || v.volume === 0);
    if (!v.muted && v.volume === 0) v.volume = 1;
  };

  readonly #togglePip = (): void => {
    if (document.pictureInPictureElement === this.#video) {
      void document.exitPictureInPicture().catch(() => undefined);
    } else {
      // The template disables the browser's own PiP button so that ours is the only one.
      this.#video.disablePictureInPicture = false;
      void this.#video.requestPictureInPicture().catch((error: unknown) => console.info('streamswarm: picture-in-picture refused', error));
    }
  };

  readonly #syncPip = (): void => {
    this.#pip.setAttribute('aria-pressed', String(document.pictureInPictureElement === this.#video));
  };

  readonly #toggleFullscreen = (): void => {
    if (document.fullscreenElement === this.#host) {
      void document.exitFullscreen().catch(() => undefined);
    } else {
      // Refused inside an iframe without allow="fullscreen": nothing else to do.
      void this.#host.requestFullscreen().catch((error: unknown) => console.info('streamswarm: full screen refused', error));
    }
  };

  readonly #syncFullscreen = (): void => {
    const on = document.fullscreenElement === this.#host;
    this.#fullscreen.innerHTML = iconSvg(on ? 'exitFullscreen' : 'fullscreen');
    this.#fullscreen.setAttribute('aria-pressed', String(on));
    this.#fullscreen.setAttribute('aria-label', on ? 'Exit full screen' : 'Full screen');
  };

  readonly #onKey = (event: KeyboardEvent): void => {
    if (event.ctrlKey || event.metaKey || event.altKey || !this.#visible) return;
    const target = event.composedPath()[0];
    const inField = target instanceof HTMLSelectElement || target instanceof HTMLInputElement;
    const onButton = target instanceof HTMLButtonElement;
    const v = this.#video;
    let handled = true;
    switch (event.key) {
      case ' ':
        if (onButton || inField) return;
        this.#togglePlay();
        break;
      case 'k':
        this.#togglePlay();
        break;
      case 'm':
        this.#toggleMute();
        break;
      case 'f':
        this.#toggleFullscreen();
        break;
      case 'p':
        if (!this.#pip.hidden) this.#togglePip();
        break;
      case 's':
        this.toggleStats();
        break;
      case 'l':
        this.#actions.seekToLive();
        break;
      case 'ArrowUp':
      case 'ArrowDown':
        if (inField) return;
        v.volume = Math.min(1, Math.max(0, v.volume + (event.key === 'ArrowUp' ? VOLUME_STEP : -VOLUME_STEP)));
        v.muted = v.volume === 0;
        break;
      default:
        handled = false;
    }
    if (handled) {
      event.preventDefault();
      this.#wake();
    }
  };

  readonly #wake = (): void => {
    this.#root.classList.remove('idle');
    this.#clearIdle();
    if (this.#state === 'playing') {
      this.#idleTimer = setTimeout(() => {
        // Keep the bar while the keyboard is inside it.
        if (this.#host.shadowRoot?.activeElement == null) this.#root.classList.add('idle');
      }, IDLE_MS);
    }
  };

  #clearIdle(): void {
    if (this.#idleTimer !== null) {
      clearTimeout(this.#idleTimer);
      this.#idleTimer = null;
    }
  }
}
