/** The element's lazy parts' list, from the package's root. */
export declare const PARTS_MODULE: string;

/** A lazy part as the build sees it. */
export interface Part {
  /** Its name in the list (its export). */
  key: string;
  /** The module as the list imports it (`./safety-part.js`). */
  specifier: string;
  /** The module, from the package's root (`src/chat-widget/safety-part.ts`). */
  input: string;
  /** Its bundle's name before the hash (`safety`). */
  file: string;
}

/** The parts, read from the list's text (the file's by default). */
export declare function readParts(source?: string): Part[];

/** The element's rollup plugin that turns the list's `import()`s into fetches of `files` beside the element. */
export declare function lazyParts(files: Record<string, string>): {
  name: string;
  resolveDynamicImport(
    this: { error(message: string): never },
    imported: unknown,
    importer: string,
  ): { id: string; external: true } | null;
  renderDynamicImport(options: { targetModuleId: string | null }): { left: string; right: string } | null;
};
