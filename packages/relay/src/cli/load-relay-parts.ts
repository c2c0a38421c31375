/** The relay's configuration, stores and server, imported once a command's arguments are read (./relay-parts.ts). */
export const relayParts = (): Promise<typeof import('./relay-parts.js')> => import('./relay-parts.js');
