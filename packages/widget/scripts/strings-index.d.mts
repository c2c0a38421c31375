/** The index of the inbox's strings added by its features, from the package's root. */
export declare const STRINGS_INDEX: string;
/** The modules of src/chat-admin/ that add to `AdminStrings`, from there, sorted. */
export declare function stringsModules(): string[];
/** The index's text for `modules` (those of the tree by default). */
export declare function stringsIndex(modules?: string[]): string;
/** Writes the index when it differs from the tree's; returns whether it did. */
export declare function writeStringsIndex(): boolean;
