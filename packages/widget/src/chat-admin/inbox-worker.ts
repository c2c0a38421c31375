/**
 * The inbox's service worker (admin-sw.ts), as the relay serves it, for the page's own scope (`/admin`, which the
 * relay allows with `Service-Worker-Allowed`): one registration for browser push and the installed app's shell.
 */
export const INBOX_WORKER_SCOPE = '/admin';

/** Registers the worker, or finds it registered; `sw.js` is checked for a new build at each open, never cached. */
export function registerInboxWorker(): Promise<ServiceWorkerRegistration> {
  return navigator.serviceWorker.register('/admin/sw.js', { scope: INBOX_WORKER_SCOPE, updateViaCache: 'none' });
}
