/** How far a finger moves before the gesture is read as a swipe or a scroll (about the browser's own slop). */
export const DECIDE_PX = 10;
/** How far a row slides before letting go runs its action: a small threshold, well short of the row's width. */
export const ACT_PX = 72;
/** How long a still finger holds a row before its menu opens. */
export const LONG_PRESS_MS = 500;
/** How long a row takes to slide back (its transition; nothing when the reader asks for reduced motion). */
const SETTLE_MS = 200;
/** How soon after a gesture's finger lifts the browser's emulated mouse events follow (they come at once). */
const SPENT_MS = 600;

/** Which way a row is swiped: left, or right (the screen's directions, whatever the text's). */
export type SwipeDirection = 'left' | 'right';

/** What a swipe would do: its label, shown behind the row, and its tone (the colour the styles give it). */
export interface SwipeAction {
  readonly label: string;
  readonly tone: string;
}

/** What the gestures do with a row; the gestures themselves only read pointers and move the row. */
export interface RowGestureHandlers {
  /** Whether gestures apply now (the phone's layout); read at each touch. */
  active(): boolean;
  /** The action a swipe of `row` in `direction` reveals; `undefined`: none (the row only gives a little). */
  swipeAction(row: HTMLElement, direction: SwipeDirection): SwipeAction | undefined;
  /** A swipe was let go past the threshold. */
  swiped(row: HTMLElement, direction: SwipeDirection): void;
  /** A long press (or the context menu's request) on `row`. */
  pressed(row: HTMLElement): void;
}

type Phase = 'pending' | 'swiping' | 'scrolling' | 'pressed';

interface Press {
  readonly row: HTMLElement;
  readonly pointerId: number;
  readonly x: number;
  readonly y: number;
  phase: Phase;
  timer: ReturnType<typeof setTimeout> | undefined;
  direction: SwipeDirection | undefined;
  armed: boolean;
}

/**
 * Swipes and long presses on the rows (`selector`) under a root, with touch or a pen (a mouse keeps its clicks and
 * text selection; its right button asks for the menu). A finger that moves 10 px is read once: sideways (|dx| > |dy|)
 * it slides the row, which shows the action behind it, and letting go past {@link ACT_PX} runs it; otherwise it is
 * the list's scroll, left to the browser (the rows' `touch-action: pan-y` says so), and nothing happens. A finger
 * held still for {@link LONG_PRESS_MS} asks for the row's menu. The click a gesture ends with does nothing: it
 * neither opens the row nor falls on the menu that opened under the finger.
 *
 * The row's state is in attributes the styles read: `data-swipe` (the direction), `data-swipe-label`,
 * `data-swipe-tone`, `data-armed` past the threshold, `data-settling` while it slides back, and `--swipe-x`.
 */
export class RowGestures {
  readonly #selector: string;
  readonly #handlers: RowGestureHandlers;
  #root: Node | undefined;
  #press: Press | undefined;
  /**
   * Until when the mouse events a touch ends with (the browser's emulated `mousedown` and `click`, where the finger
   * was) belong to the gesture just made: they neither open the row nor fall on the menu that opened under the finger.
   */
  #spentUntil = 0;

  constructor(selector: string, handlers: RowGestureHandlers) {
    this.#selector = selector;
    this.#handlers = handlers;
  }

  attach(root: Node): void {
    this.#root = root;
    root.addEventListener('pointerdown', this.#onDown);
    root.addEventListener('pointermove', this.#onMove);
    root.addEventListener('pointerup', this.#onUp);
    root.addEventListener('pointercancel', this.#onCancel);
    root.addEventListener('contextmenu', this.#onContextMenu);
    root.addEventListener('mousedown', this.#onMouse, true);
    root.addEventListener('click', this.#onMouse, true);
  }

  detach(): void {
    const root = this.#root;
    if (!root) return;
    root.removeEventListener('pointerdown', this.#onDown);
    root.removeEventListener('pointermove', this.#onMove);
    root.removeEventListener('pointerup', this.#onUp);
    root.removeEventListener('pointercancel', this.#onCancel);
    root.removeEventListener('contextmenu', this.#onContextMenu);
    root.removeEventListener('mousedown', this.#onMouse, true);
    root.removeEventListener('click', this.#onMouse, true);
    this.#root = undefined;
    this.#end();
  }

  #rowOf(event: Event): HTMLElement | undefined {
    const target = event.target as Element | null;
    // A control inside the row (the bulk pick's checkbox) keeps its own touch.
    if (!target || target.closest('input, button, select, a')) return undefined;
    return target.closest<HTMLElement>(this.#selector) ?? undefined;
  }

  #onDown = (event: Event): void => {
    const pointer = event as PointerEvent;
    if (pointer.pointerType === 'mouse' || !pointer.isPrimary) return;
    // A new first finger: the press before it ended unheard (its row left the list under it, say).
    this.#end();
    const row = this.#rowOf(event);
    if (!row || !this.#handlers.active()) return;
    this.#spentUntil = 0;
    const press: Press = {
      row,
      pointerId: pointer.pointerId,
      x: pointer.clientX,
      y: pointer.clientY,
      phase: 'pending',
      timer: undefined,
      direction: undefined,
      armed: false,
    };
    press.timer = setTimeout(() => this.#longPress(press), LONG_PRESS_MS);
    this.#press = press;
  };

  #onMove = (event: Event): void => {
    const pointer = event as PointerEvent;
    const press = this.#press;
    if (!press || pointer.pointerId !== press.pointerId) return;
    const dx = pointer.clientX - press.x;
    const dy = pointer.clientY - press.y;
    if (press.phase === 'pending') {
      if (Math.max(Math.abs(dx), Math.abs(dy)) < DECIDE_PX) return;
      clearTimeout(press.timer);
      if (Math.abs(dx) > Math.abs(dy)) {
        press.phase = 'swiping';
        // Touch pointers are captured by their target already; a pen's is not.
        if (!press.row.hasPointerCapture(pointer.pointerId)) {
          try {
            press.row.setPointerCapture(pointer.pointerId);
          } catch {
            // A synthetic pointer has no capture to take; the root still hears it.
          }
        }
      } else press.phase = 'scrolling';
    }
    if (press.phase === 'swiping') this.#slide(press, dx);
  };

  /** Moves the row with the finger and shows what letting go would do. */
  #slide(press: Press, dx: number): void {
    const { row } = press;
    const direction: SwipeDirection = dx < 0 ? 'left' : 'right';
    const action = this.#handlers.swipeAction(row, direction);
    const width = row.getBoundingClientRect().width || Infinity;
    // With nothing to reveal the row gives a quarter of the way, so the finger is felt but nothing promised.
    const x = action ? Math.max(-width, Math.min(width, dx)) : dx / 4;
    press.direction = direction;
    press.armed = action !== undefined && Math.abs(dx) >= ACT_PX;
    row.removeAttribute('data-settling');
    row.style.setProperty('--swipe-x', `${x}px`);
    row.dataset['swipe'] = direction;
    row.dataset['swipeLabel'] = action?.label ?? '';
    row.dataset['swipeTone'] = action?.tone ?? 'none';
    row.toggleAttribute('data-armed', press.armed);
  }

  #onUp = (event: Event): void => {
    const press = this.#press;
    if (!press || (event as PointerEvent).pointerId !== press.pointerId) return;
    if (press.phase === 'swiping' || press.phase === 'pressed') this.#spentUntil = performance.now() + SPENT_MS;
    if (press.phase === 'swiping' && press.armed && press.direction) this.#handlers.swiped(press.row, press.direction);
    this.#end();
  };

  #onCancel = (event: Event): void => {
    if (this.#press && (event as PointerEvent).pointerId === this.#press.pointerId) this.#end();
  };

  #longPress(press: Press): void {
    if (this.#press !== press || press.phase !== 'pending') return;
    press.phase = 'pressed';
    this.#handlers.pressed(press.row);
  }

  /**
   * The browser's own long press (Chromium on touch) or a mouse's right button: the row's menu instead of the
   * browser's. A long press already answered by the timer only keeps the browser's menu away.
   */
  #onContextMenu = (event: Event): void => {
    const row = this.#rowOf(event);
    if (!row || !this.#handlers.active()) return;
    event.preventDefault();
    const press = this.#press;
    if (press?.phase === 'pressed') return;
    if (press) {
      clearTimeout(press.timer);
      press.phase = 'pressed';
    }
    this.#handlers.pressed(row);
  };

  /** The mouse events that end a swipe or a long press do nothing: the gesture has acted. */
  #onMouse = (event: Event): void => {
    if (performance.now() >= this.#spentUntil) return;
    if (event.type === 'click') this.#spentUntil = 0;
    event.preventDefault();
    event.stopPropagation();
  };

  /** Ends the press: the row slides back to its place. */
  #end(): void {
    const press = this.#press;
    this.#press = undefined;
    if (!press) return;
    clearTimeout(press.timer);
    const { row } = press;
    if (!row.dataset['swipe']) return;
    row.setAttribute('data-settling', '');
    row.style.setProperty('--swipe-x', '0px');
    setTimeout(() => {
      // A new swipe of the same row took over meanwhile.
      if (!row.hasAttribute('data-settling')) return;
      for (const name of ['data-settling', 'data-swipe', 'data-swipe-label', 'data-swipe-tone', 'data-armed'])
        row.removeAttribute(name);
      row.style.removeProperty('--swipe-x');
    }, SETTLE_MS);
  }
}
