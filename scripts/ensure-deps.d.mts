/** The glibc each supported Node.js line needs on Linux, and the systems that have it. */
export declare const GLIBC_NEEDED: Readonly<Record<22 | 24, { readonly glibc: string; readonly systems: string }>>;
/** What stops Parley on this Node.js and system, in words, or undefined. */
export declare function platformProblem(system?: { node?: string; glibc?: string }): string | undefined;
/** Exits with {@link platformProblem}'s message, before anything is installed or built. */
export declare function ensureSupportedNode(): void;
/** Runs `npm install` if node_modules is absent or stale; exits the process if that fails. */
export declare function ensureDependencies(): void;
