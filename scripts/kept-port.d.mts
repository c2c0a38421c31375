/** A loopback port below the kernel's ephemeral range that nothing listens on now (see kept-port.mjs). */
export function keptPort(): Promise<number>;
