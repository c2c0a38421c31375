/** True when every build output exists and the last build completed after every source changed. */
export declare function buildIsFresh(): boolean;
/** Runs `npm run build`'s script when the build is missing or stale; exits the process if it fails. */
export declare function ensureBuilt(): void;
/** Records that the build just completed (scripts/build.mjs, last). */
export declare function markBuilt(): void;
