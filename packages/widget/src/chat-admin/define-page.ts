// The registry of lazily defined elements, apart from the page table so that chunks may use it without a cycle.

const loading = new Map<string, Promise<void>>();

/**
 * Registers a page's element (or a part's) if it is not yet: at once for one bundled with the shell, after fetching its chunk
 * for the others. Resolves when the tag is defined; one fetch per page however often it is asked for.
 */
export function definePage(page: {
  tag: string;
  element?: CustomElementConstructor;
  load?: () => Promise<CustomElementConstructor>;
}): Promise<void> {
  if (customElements.get(page.tag)) return Promise.resolve();
  let defined = loading.get(page.tag);
  if (!defined) {
    defined = (async () => {
      const element = page.element ?? (await page.load!());
      // Another copy of the bundle may have defined it meanwhile.
      if (!customElements.get(page.tag)) customElements.define(page.tag, element);
    })();
    // A failed fetch (offline, a deploy replaced the chunk) may be tried again on the next visit to the page.
    defined.catch(() => loading.delete(page.tag));
    loading.set(page.tag, defined);
  }
  return defined;
}
