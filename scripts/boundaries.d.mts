/** The rule scripts/boundaries.mjs adds to dependency-cruiser's: an import between two folders on a cycle of folders. */
export declare const FOLDER_CYCLE: 'no-folder-cycle';

/** One import (or, for {@link FOLDER_CYCLE}, one import between two folders) that breaks a boundary. */
export interface Violation {
  readonly rule: string;
  /** The importing file (`src/http/x.ts`), or folder for {@link FOLDER_CYCLE}. */
  readonly from: string;
  /** The imported file, or folder. */
  readonly to: string;
  /** Its baseline entry: `from -> to`. */
  readonly key: string;
  /** The file-to-file imports it stands for. */
  readonly imports: readonly { readonly from: string; readonly to: string }[];
  /** What the rule asks, and how to mend it. */
  readonly comment: string;
  /** For {@link FOLDER_CYCLE}: the folders of the shortest cycle through it, `from` first. */
  readonly cycle?: readonly string[];
}

/** Baseline entries by rule: `{ [rule]: ['from -> to', …] }`. */
export type Baseline = Readonly<Record<string, readonly string[]>>;

/** The violations of the package at `root` (with `.dependency-cruiser.mjs`, `tsconfig.json`, `src/`), sorted. */
export declare function findViolations(root: string): Promise<Violation[]>;
/** The baseline file's entries; an absent file is an empty baseline. */
export declare function readBaseline(file: string): Baseline;
/** The baseline file's text for these violations. */
export declare function baselineText(violations: readonly Violation[]): string;
/** Violations the baseline does not list (`added`), and entries of it that no longer occur (`gone`). */
export declare function compare(
  violations: readonly Violation[],
  baseline: Baseline,
): { added: Violation[]; gone: { rule: string; key: string }[] };
/** The message of a violation the baseline does not list: the importing file, the imported file, the rule. */
export declare function describeAdded(violation: Violation): string;
/** The message of a baseline entry that no longer occurs. */
export declare function describeGone(entry: { rule: string; key: string }, baselineFile: string): string;
