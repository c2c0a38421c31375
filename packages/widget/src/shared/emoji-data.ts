/**
 * The emoji the pickers offer (the inbox's composer and the widget's): the common ones of support conversations,
 * each with its CLDR short name in English (the inbox's labels; the widget lets the screen reader name each in the
 * visitor's language). A short curated set rather than all of Unicode, so each picker is a small chunk.
 */
export const EMOJI: ReadonlyArray<readonly [emoji: string, name: string]> = [
  ['😀', 'grinning face'],
  ['😊', 'smiling face with smiling eyes'],
  ['🙂', 'slightly smiling face'],
  ['😉', 'winking face'],
  ['😂', 'face with tears of joy'],
  ['😍', 'smiling face with heart-eyes'],
  ['🤔', 'thinking face'],
  ['😅', 'grinning face with sweat'],
  ['😢', 'crying face'],
  ['😮', 'face with open mouth'],
  ['🙁', 'slightly frowning face'],
  ['😴', 'sleeping face'],
  ['🙏', 'folded hands'],
  ['👍', 'thumbs up'],
  ['👎', 'thumbs down'],
  ['👋', 'waving hand'],
  ['👏', 'clapping hands'],
  ['🙌', 'raising hands'],
  ['💪', 'flexed biceps'],
  ['👀', 'eyes'],
  ['❤️', 'red heart'],
  ['💙', 'blue heart'],
  ['✨', 'sparkles'],
  ['🔥', 'fire'],
  ['🎉', 'party popper'],
  ['🎁', 'wrapped gift'],
  ['✅', 'check mark button'],
  ['❌', 'cross mark'],
  ['⚠️', 'warning'],
  ['❓', 'question mark'],
  ['💡', 'light bulb'],
  ['⏳', 'hourglass not done'],
  ['📦', 'package'],
  ['🚚', 'delivery truck'],
  ['💳', 'credit card'],
  ['🧾', 'receipt'],
  ['📧', 'email'],
  ['📞', 'telephone receiver'],
  ['🔒', 'locked'],
  ['☕', 'hot beverage'],
];

/**
 * Where a key moves the focus in a grid of `count` cells, `columns` a row, from cell `at`: the ARIA grid pattern's
 * arrows (right and left following the reading direction: `rtl`), Home and End within the row, or of the grid with
 * Ctrl. `undefined` for a key that moves nothing, or a move off the grid.
 */
export function gridMove(
  key: string,
  at: number,
  count: number,
  columns: number,
  rtl: boolean,
  ctrl: boolean,
): number | undefined {
  const rowStart = at - (at % columns);
  const step = key === 'ArrowRight' ? 1 : key === 'ArrowLeft' ? -1 : 0;
  const to =
    step !== 0
      ? at + (rtl ? -step : step)
      : key === 'ArrowDown'
        ? at + columns
        : key === 'ArrowUp'
          ? at - columns
          : key === 'Home'
            ? ctrl
              ? 0
              : rowStart
            : key === 'End'
              ? ctrl
                ? count - 1
                : Math.min(rowStart + columns - 1, count - 1)
              : undefined;
  return to !== undefined && to >= 0 && to < count ? to : undefined;
}
