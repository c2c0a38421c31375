/** The index of the settings area's sub-pages, from the package's root. */
export declare const SETTINGS_INDEX: string;
/** The folders of `pages/` that declare a settings sub-page (`settings-page.ts`), sorted. */
export declare function settingsFolders(): string[];
/** The index's text for `folders` (those of the tree by default). */
export declare function settingsIndex(folders?: string[]): string;
/** Writes the index when it differs from the folders'; returns whether it did. */
export declare function writeSettingsIndex(): boolean;
