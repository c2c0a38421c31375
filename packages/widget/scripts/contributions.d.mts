/** A contribution point of the inbox, filled from the features' folders. */
export interface Point {
  name: string;
  /** The file a feature declares its contribution in (`thread-action.ts`). */
  file: string;
  /** What that file exports (`threadAction`). */
  export: string;
  /** The point's index, from the package's root. */
  index: string;
  /** The type of its entries: the module (from the index) and the name. */
  type: [string, string];
}
export declare const POINTS: Point[];
/** The point named `name`. */
export declare function point(name: string): Point | undefined;
/** The files that contribute to `point`, from the package's root, sorted. */
export declare function contributors(point: Point): string[];
/** The index's text for `point` and its contributing files (those of the tree by default), as Prettier writes it. */
export declare function indexText(point: Point, files?: string[]): Promise<string>;
/** The fake admin API's areas' index, from the package's root. */
export declare const FAKES_INDEX: string;
/** The areas' fakes (`test/fakes/<area>-fake.ts`) and their mixins, sorted by file. */
export declare function fakes(): { file: string; mixin: string }[];
/** The text of the fake areas' index for `areas` (those of the tree by default), as Prettier writes it. */
export declare function fakesIndexText(areas?: { file: string; mixin: string }[]): Promise<string>;
/** Writes each point's index (and the fake areas') that differs from the folders'; returns those written. */
export declare function writeIndexes(): Promise<string[]>;
