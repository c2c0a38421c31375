/**
 * Reused memory for request body chunks that must outlive uWS's `onData` callback (uWS reuses the chunk's memory
 * once the callback returns). A fresh 512 KiB buffer is fresh pages: on a virtual machine the kernel's page faults
 * cost about 2 ms a chunk, and a 10 MiB upload arriving on loopback in one turn of the event loop held it 50 ms that
 * way. A buffer from this pool has its pages already: the copy is a memcpy of 0.05 ms.
 */
export class ChunkPool {
  private readonly free: Buffer[] = [];

  /**
   * @param chunkBytes the largest chunk pooled: uWS reads at most 512 KiB at a time (uSockets' receive buffer).
   * @param keep buffers kept for reuse at most; more are made while uploads need them, and dropped after.
   */
  constructor(
    readonly chunkBytes = 512 * 1024,
    readonly keep = 32,
  ) {}

  /**
   * A copy of `chunk` in pooled memory, and the function that gives that memory back: call it once the copy is
   * no longer read (a file write's callback). A chunk larger than the pool's buffers gets memory of its own.
   */
  copy(chunk: ArrayBuffer): { readonly bytes: Buffer; readonly release: () => void } {
    if (chunk.byteLength > this.chunkBytes) return { bytes: Buffer.from(chunk.slice(0)), release: () => undefined };
    const buffer = this.free.pop() ?? Buffer.allocUnsafeSlow(this.chunkBytes);
    buffer.set(new Uint8Array(chunk));
    let released = false;
    return {
      bytes: buffer.subarray(0, chunk.byteLength),
      release: () => {
        if (released) return;
        released = true;
        if (this.free.length < this.keep) this.free.push(buffer);
      },
    };
  }

  /** Buffers waiting for reuse (for tests). */
  get idle(): number {
    return this.free.length;
  }
}
