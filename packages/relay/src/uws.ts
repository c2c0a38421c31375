import { createRequire } from 'node:module';
import type * as UWS from 'uWebSockets.js';

const require = createRequire(import.meta.url);

/** The loaded uWebSockets.js module and the native binary it came from. */
export interface LoadedUws {
  readonly uws: typeof UWS;
  /**
   * True when the native `.node` binary was loaded: always, since the build the relay depends on has no JavaScript
   * fallback (kept for /healthz and /metrics, which report it).
   */
  readonly native: boolean;
  /** Path of the native binary, when loaded. */
  readonly binary: string | undefined;
  /** Why the native binary was not used ('' when native). */
  readonly fallbackNotes: string;
}

/**
 * The Node.js lines the relay supports (`engines` in package.json), with what each needs of the system for its
 * prebuilt native binaries: the pinned uWebSockets.js build's (docs/decisions/0018-uwebsockets-js-source.md; the
 * Node.js 24 one was built on Ubuntu 24.04 and needs glibc 2.38, the Node.js 22 one 2.27) and better-sqlite3's
 * (2.34 on both). `npm start` checks the same figures before it installs anything (scripts/ensure-deps.mjs).
 */
export const SUPPORTED_NODE_LINES = [
  'Node.js 22 (22.13 or later): glibc 2.34+ (e.g. Debian 12, Ubuntu 22.04)',
  'Node.js 24: glibc 2.38+ (e.g. Debian 13, Ubuntu 24.04)',
] as const;

/** The oldest Node.js the relay runs on: 22.13 (the first 22.x with every API the relay and its libraries use). */
const MINIMUM_NODE: readonly [number, number] = [22, 13];

/** The glibc this process runs with ('' on a system without it, e.g. musl or macOS). */
function runtimeGlibc(): string {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return report?.header?.glibcVersionRuntime ?? '';
}

/** The relay runs only on the native uWebSockets.js server; thrown by `startRelay` when it is not available. */
export class NativeUwsUnavailableError extends Error {
  constructor(notes: string, reason?: string) {
    const glibc = runtimeGlibc();
    super(
      [
        reason ??
          `the native uWebSockets.js server is not available for Node.js ${process.version} (ABI ${process.versions.modules}, ${process.platform} ${process.arch}${glibc ? `, glibc ${glibc}` : ''}).`,
        'The relay runs on:',
        ...SUPPORTED_NODE_LINES.map((line) => `  ${line}`),
        'On an older system, run Node.js 22. To use the official uWebSockets.js build instead of the pinned one, pin it',
        'through "overrides" in package.json (docs/deploy.md, "Using the official uWebSockets.js build").',
        ...(notes ? [`(uWebSockets.js said: ${notes.split('\n').find((line) => line.trim()) ?? ''})`] : []),
      ].join('\n'),
    );
    this.name = 'NativeUwsUnavailableError';
  }
}

/** True when `version` ("v22.13.0") is at least {@link MINIMUM_NODE}. */
export function isSupportedNode(version: string = process.version): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  return major > MINIMUM_NODE[0] || (major === MINIMUM_NODE[0] && minor >= MINIMUM_NODE[1]);
}

/** The module, loaded once per process (a native addon cannot be loaded twice anyway). */
let loaded: LoadedUws | undefined;

/**
 * Loads uWebSockets.js once. Refuses a Node.js older than 22.13 (Node.js 20 is end of life) and a Node.js or system
 * the pinned build has no binary for, with a {@link NativeUwsUnavailableError} that says what each line needs.
 */
export function loadUws(): LoadedUws {
  if (loaded) return loaded;
  if (!isSupportedNode())
    throw new NativeUwsUnavailableError(
      '',
      `Node.js ${process.version} is not supported: Parley needs Node.js 22.13 or later (Node.js 20 reached end of life in April 2026).`,
    );
  let uws: typeof UWS;
  try {
    uws = require('uWebSockets.js') as typeof UWS;
  } catch (error) {
    // No binary for this Node.js ABI, or one the system's dynamic loader rejects (too old a glibc).
    const message = error instanceof Error ? error.message : String(error);
    // The package's own message names the uWS version it was written for; the loader's error after it is the cause.
    const cause = message.split('\n').filter((line) => line.trim() && !line.startsWith('This version of uWS.js'));
    throw new NativeUwsUnavailableError(cause.join('\n') || message);
  }
  const binary = Object.keys(require.cache).find((path) => /uws_[^/\\]+\.node$/.test(path));
  const native = binary !== undefined;
  loaded = { uws, native, binary, fallbackNotes: native ? '' : 'no native binary was loaded' };
  return loaded;
}

/** {@link loadUws}, refusing anything but the native binary with a {@link NativeUwsUnavailableError}. */
export function loadNativeUws(): LoadedUws {
  const result = loadUws();
  if (!result.native) throw new NativeUwsUnavailableError(result.fallbackNotes);
  return result;
}
