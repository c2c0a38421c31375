/** `1.2 MB`, `340 kB`, `12 B`, in the locale given (decimal units, as operating systems show file sizes). */
export function formatBytes(bytes: number, locale?: string): string {
  const units = ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

/** Whether a media type is an image the relay serves inline (with signed addresses). */
export function isImage(type: string): boolean {
  return /^image\/(png|jpeg|gif|webp)$/.test(type);
}

/** A short label of a media type for a document's card: `PDF`, `DOCX`, `CSV`… */
export function typeLabel(type: string, name: string): string {
  const extension = /\.([a-z0-9]{1,5})$/i.exec(name)?.[1];
  return (extension ?? type.split('/').pop() ?? '').toUpperCase();
}

/**
 * Saves a downloaded `blob` under `name` through a temporary `<a download>` (a document is fetched with the token in
 * the header, so the browser cannot download its address itself).
 */
export function saveBlob(blob: Blob, name: string, document: Document = globalThis.document): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
