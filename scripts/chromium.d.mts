/** The Chromium binary the browser suites run (see chromium.mjs). */
export declare const chromiumPath: string;
/** Its command-line switches. */
export declare const chromiumArgs: string[];
