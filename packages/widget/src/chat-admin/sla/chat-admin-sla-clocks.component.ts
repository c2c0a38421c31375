import { html, nothing, type TemplateResult } from 'lit';
import type { SlaClock, SlaClocks } from '@parley/protocol/admin';
import { AdminRegion } from '../admin-region.js';
import { SlaClocksApi } from './sla-clocks-api.js';
import { slaClocksEn, type SlaClocksStrings } from './sla-clocks-strings.js';
import { slaClocksStyles } from './sla-clocks.styles.js';

/** A span of time in words: `1 h 5 m`, `12 m`, `2 d 3 h`. */
export function span(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} m` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** How a clock looks now: `warning` past its warning time, `overdue` past its due time or breached. */
export function clockTone(clock: SlaClock, now: number): 'running' | 'warning' | 'overdue' | 'paused' | 'met' {
  if (clock.state === 'breached') return 'overdue';
  if (clock.state === 'met') return 'met';
  if (clock.state === 'paused') return 'paused';
  if (now >= clock.dueAt) return 'overdue';
  if (clock.warnedAt !== null || (clock.warnAt !== null && now >= clock.warnAt)) return 'warning';
  return 'running';
}

/**
 * The open conversation's SLA clocks, in its header (a thread action): each target's latest clock as a chip that
 * counts down, amber once its warning time has passed and red once it is overdue (docs/sla.md). Read again when the
 * conversation changes (the relay publishes it on a warning, a breach, a pause), and ticks every 30 s.
 *
 * @summary The open conversation's SLA clocks.
 * @tag chat-admin-sla-clocks
 */
export class ChatAdminSlaClocks extends AdminRegion {
  static override properties = {
    ...AdminRegion.properties,
    _clocks: { state: true },
    _now: { state: true },
  };

  declare private _clocks: SlaClocks | undefined;
  declare private _now: number;
  /** The conversation frame last read for: a new one (a change, a warning) reads again. */
  #readFor: unknown;
  #shownId: string | undefined;
  #tick: ReturnType<typeof setInterval> | undefined;
  /** The relay's clock less the browser's, from the last answer. */
  #skew = 0;

  constructor() {
    super();
    this._now = Date.now();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const root = this.getRootNode();
    const sheet = slaClocksStyles.styleSheet;
    if (root instanceof ShadowRoot && sheet && !root.adoptedStyleSheets.includes(sheet))
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    this.#tick = setInterval(() => (this._now = Date.now() + this.#skew), 30_000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#tick);
  }

  get #texts(): SlaClocksStrings {
    return { ...slaClocksEn, ...this.inbox.strings.slaClocks };
  }

  protected override willUpdate(changed: Parameters<AdminRegion['willUpdate']>[0]): void {
    super.willUpdate(changed);
    const current = this.inbox?.state.current;
    const api = this.inbox?.api;
    if (!current || !api || current === this.#readFor) return;
    this.#readFor = current;
    if (current.id !== this.#shownId) this._clocks = undefined;
    this.#shownId = current.id;
    const id = current.id;
    void new SlaClocksApi(api)
      .get(id)
      .then((clocks) => {
        if (this.#shownId !== id) return;
        this.#skew = clocks.now - Date.now();
        this._now = clocks.now;
        this._clocks = clocks;
      })
      .catch(() => undefined);
  }

  protected override render(): TemplateResult | typeof nothing {
    const clocks = this._clocks;
    if (!clocks?.policy || clocks.clocks.length === 0) return nothing;
    const t = this.#texts;
    const now = this._now;
    return html`<span role="group" aria-label=${t.label(clocks.policy.name)}>
      ${clocks.clocks
        .filter((clock) => clock.state !== 'met')
        .map((clock) => {
          const tone = clockTone(clock, now);
          const target = t.targets[clock.target];
          const words =
            tone === 'met'
              ? t.met(target)
              : tone === 'paused'
                ? t.paused(target)
                : clock.state === 'breached' || now >= clock.dueAt
                  ? clock.state === 'breached' && now < clock.dueAt
                    ? t.breached(target)
                    : t.overdue(target, span(now - clock.dueAt))
                  : t.dueIn(target, span(clock.dueAt - now));
          return html`<span class="sla-clock ${tone}" data-target=${clock.target} title=${new Date(clock.dueAt).toLocaleString()}
          >${words}</span
        >`;
        })}
    </span>`;
  }
}
