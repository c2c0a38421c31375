/** True when every build output exists and is newer than every source (see ensure-build.mjs). */
export declare function buildIsFresh(): boolean;
/** Runs `npm run build`'s script when the build is missing or stale; exits the process if it fails. */
export declare function ensureBuilt(): void;
