/**
 * The words of the widget's long-text part (issue #81): a message longer than one message holds. English's travel
 * with the part's chunk (`long-text-part.ts`, `longTextStringsEn`), so the element's first load does not carry them;
 * another locale sets `longTextStrings` in its strings (a locale without them shows English).
 */
export interface LongTextStrings {
  /** `length` characters typed, `max` the most a message holds. */
  tooLong: (length: string, max: string) => string;
  inParts: (count: number) => string;
  asFile: string;
  /** Neither way fits (more than ten parts, and the site takes no text file). */
  shorten: string;
  /** The text file's name. */
  fileName: string;
}
