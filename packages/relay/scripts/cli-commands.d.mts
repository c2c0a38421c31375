/** The file a feature declares its command in (`cli-command.ts`). */
export declare const FILE: string;
/** What that file exports (`cliCommand`). */
export declare const EXPORT: string;
/** The point's index, from the package's root (`src/cli/commands.generated.ts`). */
export declare const INDEX: string;
/** The folders' command files, from the package's root, sorted. */
export declare function contributors(): string[];
/** The index's text for `files` (those of the tree by default), as Prettier writes it. */
export declare function indexText(files?: string[]): Promise<string>;
/** Writes the index when it differs from the folders'; returns whether it did. */
export declare function writeIndex(): Promise<boolean>;
