/** The inbox's languages of issue #85 other than English: each has a bundle even before its first file. */
export declare const TARGET_LOCALES: string[];
/** The index of the inbox's locale bundles, from the package's root. */
export declare const LOCALES_INDEX: string;
/** Every translation file of src/chat-admin/, from there (`snooze/locales/de.ts`), sorted. */
export declare function localeFiles(): { path: string; folder: string; tag: string }[];
/** The tags that have a bundle: English, the targets and any other with a file. */
export declare function localeTags(files?: { path: string; folder: string; tag: string }[]): string[];
/** The bundle's text for `tag`, from `files` (each read by `read`, from src/chat-admin/). */
export declare function localeBundle(
  tag: string,
  files?: { path: string; folder: string; tag: string }[],
  read?: (path: string) => string,
): string;
/** The index's text for `tags`. */
export declare function localesIndex(tags?: string[]): string;
/** Writes the bundles and the index where they differ from the tree's; returns whether any was. */
export declare function writeLocalesIndex(): Promise<boolean>;
