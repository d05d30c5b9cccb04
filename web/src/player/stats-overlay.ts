/** One line of the overlay. */
export interface StatsRow {
  readonly label: string;
  readonly value: string;
  /** Shown as a tooltip: what the number means. */
  readonly title?: string;
}

/**
 * The small stats panel over the video: a definition list whose rows are replaced in place, so
 * screen readers and layout see stable nodes. Toggled with its button or the `s` key.
 */
export class StatsOverlay {
  readonly #panel: HTMLElement;
  readonly #toggle: HTMLButtonElement | null;
  readonly #list: HTMLDListElement;
  readonly #values = new Map<string, HTMLElement>();

  constructor(panel: HTMLElement, toggle: HTMLButtonElement | null) {
    this.#panel = panel;
    this.#toggle = toggle;
    this.#list = document.createElement('dl');
    this.#panel.replaceChildren(this.#list);
    this.#toggle?.addEventListener('click', this.#onToggle);
    document.addEventListener('keydown', this.#onKey);
    this.#sync();
  }

  get visible(): boolean {
    return !this.#panel.hidden;
  }

  set visible(value: boolean) {
    this.#panel.hidden = !value;
    this.#sync();
  }

  update(rows: readonly StatsRow[]): void {
    for (const row of rows) {
      let value = this.#values.get(row.label);
      if (value === undefined) {
        const term = document.createElement('dt');
        term.textContent = row.label;
        value = document.createElement('dd');
        this.#list.append(term, value);
        this.#values.set(row.label, value);
      }
      if (value.textContent !== row.value) {
        value.textContent = row.value;
      }
      if (row.title !== undefined && value.title !== row.title) {
        value.title = row.title;
      }
    }
  }

  destroy(): void {
    this.#toggle?.removeEventListener('click', this.#onToggle);
    document.removeEventListener('keydown', this.#onKey);
    this.#panel.replaceChildren();
    this.#values.clear();
  }

  #sync(): void {
    this.#toggle?.setAttribute('aria-pressed', String(this.visible));
  }

  readonly #onToggle = (): void => {
    this.visible = !this.visible;
  };

  readonly #onKey = (event: KeyboardEvent): void => {
    const target = event.target;
    if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) {
      return;
    }
    if (event.key === 's' && !event.ctrlKey && !event.metaKey && !event.altKey) {
      this.visible = !this.visible;
    }
  };
}
