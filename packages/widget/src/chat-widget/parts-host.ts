import type { ReactiveControllerHost } from 'lit';

/** The element, as its lazily fetched parts see it (lazy-parts.ts): what they render into and ask to render again. */
export interface PartsHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
}
