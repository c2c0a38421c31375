/** What one address has uploaded in the current hour. */
interface Window {
  start: number;
  uploads: number;
  bytes: number;
}

const HOUR = 3_600_000;

/**
 * Per client address, uploads and bytes uploaded per hour (a fixed window each, on this relay): attachments cost
 * disk and scanner time that messages do not, so they have a budget of their own. 0 disables either limit.
 */
export class UploadQuota {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly uploadsPerHour: number,
    private readonly bytesPerHour: number,
  ) {}

  /**
   * Charges an upload of `bytes` to `address`; answers 0 when allowed, else the milliseconds until the window
   * resets (nothing is charged then).
   */
  take(address: string, bytes: number, now: number): number {
    let window = this.windows.get(address);
    if (!window || now - window.start >= HOUR) {
      if (!window && this.windows.size > 10_000)
        for (const [key, old] of this.windows) if (now - old.start >= HOUR) this.windows.delete(key);
      window = { start: now, uploads: 0, bytes: 0 };
      this.windows.set(address, window);
    }
    const overUploads = this.uploadsPerHour > 0 && window.uploads + 1 > this.uploadsPerHour;
    const overBytes = this.bytesPerHour > 0 && window.bytes + bytes > this.bytesPerHour;
    if (overUploads || overBytes) return Math.max(1, window.start + HOUR - now);
    window.uploads += 1;
    window.bytes += bytes;
    return 0;
  }
}
