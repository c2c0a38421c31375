// The script-tag loader before the element loads: its stand-in launcher, and when it fetches the element. The
// element is never defined in this file (the stand-in for its bundle, nothing.js, defines nothing).
import { expect } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import '../src/i18n/all-locales.js';
import { locales } from '../src/i18n/i18n.js';
import { facadeLabels } from '../src/loader/facade.js';
import { afterIdle, fetched, installLoader, launcherOf } from './loader-harness.js';
import { waitUntil } from './helpers.js';

const violations: string[] = [];
document.addEventListener('securitypolicyviolation', (event) => violations.push(event.violatedDirective));

before(async () => {
  // Other test files made SDK clients, whose database would read as a visitor of 0.1.0 (see the last test).
  await dropSdkDatabase();
  // The policy the relay's pages and strict sites run under: no inline style, no style attribute.
  const csp = document.createElement('meta');
  csp.httpEquiv = 'Content-Security-Policy';
  csp.content = "style-src 'self'";
  document.head.prepend(csp);
});

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
  delete window.Parley;
});

async function dropSdkDatabase(): Promise<void> {
  await new Promise((resolve) => {
    const request = indexedDB.deleteDatabase('parley');
    request.onsuccess = request.onerror = request.onblocked = resolve;
  });
}

describe('loader: the stand-in launcher', () => {
  it('names its site by ?site= alone, and takes the site’s look from its data-* (the site’s loader sets them)', async () => {
    const { element } = installLoader(
      'pk_query_only',
      'nothing.js',
      { accent: '#be123c', position: 'left' },
      undefined,
      false,
    );
    expect(element.getAttribute('site-key')).to.equal('pk_query_only');
    expect(element.getAttribute('position')).to.equal('left');
    expect(getComputedStyle(launcherOf(element)).backgroundColor).to.equal('rgb(190, 18, 60)');
    element.remove();
  });

  it('draws a labelled launcher button in the element’s shadow root and fetches nothing', async () => {
    const { element, chunkUrl } = installLoader('pk_draw', 'nothing.js');
    expect(customElements.get('chat-widget')).to.equal(undefined);
    expect(element.isConnected).to.equal(true);
    const buttons = element.shadowRoot!.querySelectorAll('button');
    expect(buttons.length).to.equal(1);
    const button = launcherOf(element);
    expect(button.type).to.equal('button');
    expect(button.classList.contains('launcher')).to.equal(true);
    expect(button.getAttribute('aria-label')).to.equal('Open chat');
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    expect(button.querySelector('svg')!.getAttribute('aria-hidden')).to.equal('true');
    await afterIdle();
    expect(fetched(chunkUrl)).to.deep.equal({ script: false, preload: undefined });
  });

  it('says the label in the page’s language, as the element does, and follows setLocale', () => {
    for (const tag of ['en', 'fr', 'es', 'ar']) expect(facadeLabels[tag], tag).to.equal(locales[tag]!.openChat(0));
    expect(
      launcherOf(installLoader('pk_fr', 'nothing.js', { locale: 'fr-CA' }).element).getAttribute('aria-label'),
    ).to.equal('Ouvrir le chat');
    const { element } = installLoader('pk_ar', 'nothing.js', { locale: 'ar' });
    expect(launcherOf(element).getAttribute('aria-label')).to.equal(locales['ar']!.openChat(0));
    expect(launcherOf(element).lang).to.equal('ar');
    window.Parley!('setLocale', 'es');
    expect(launcherOf(element).getAttribute('aria-label')).to.equal('Abrir el chat');
    // Unknown: the browser's languages (English in the test browser), then English.
    expect(
      launcherOf(installLoader('pk_de', 'nothing.js', { locale: 'de' }).element).getAttribute('aria-label'),
    ).to.equal('Open chat');
  });

  it('takes the site’s accent, offset, z-index and side, and ignores values that are not CSS', () => {
    const { element } = installLoader('pk_look', 'nothing.js', {
      accent: '#e11d48',
      offset: '24px 90px',
      'z-index': '10',
    });
    const button = launcherOf(element);
    let style = getComputedStyle(button);
    expect(style.position).to.equal('fixed');
    expect(style.backgroundColor).to.equal('rgb(225, 29, 72)');
    expect(style.right).to.equal('24px');
    expect(style.bottom).to.equal('90px');
    expect(style.zIndex).to.equal('10');
    expect(style.width).to.equal('56px');
    expect(style.borderRadius).to.equal('50%');

    window.Parley!('set', { accent: 'red;}:host{display:none', position: 'left', offset: '1e9', zIndex: '1;x' });
    style = getComputedStyle(button);
    expect(style.backgroundColor).to.equal('rgb(37, 99, 235)');
    expect(style.left).to.equal('20px');
    expect(style.zIndex).to.equal('2147483000');
    expect(style.display).to.equal('grid');
  });

  it('lets the page theme it as it themes the element: --chat-* properties and ::part(launcher)', () => {
    const { element } = installLoader('pk_theme', 'nothing.js', { accent: '#e11d48' });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(
      'chat-widget[site-key="pk_theme"]{--chat-accent:rgb(1, 2, 3);--chat-launcher-size:64px}' +
        'chat-widget[site-key="pk_theme"]::part(launcher){border-radius:16px}',
    );
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    try {
      const style = getComputedStyle(launcherOf(element));
      expect(style.backgroundColor).to.equal('rgb(1, 2, 3)');
      expect(style.width).to.equal('64px');
      expect(style.borderRadius).to.equal('16px');
    } finally {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    }
  });

  it('uses no style attribute and no <style> element, so a style-src CSP has nothing to block', () => {
    const { element } = installLoader('pk_csp', 'nothing.js', { accent: '#0f766e', offset: '30' });
    const root = element.shadowRoot!;
    expect(root.adoptedStyleSheets.length).to.be.greaterThan(0);
    const all = [element, ...root.querySelectorAll('*')];
    expect(all.filter((node) => node.hasAttribute('style'))).to.deep.equal([]);
    expect(root.querySelectorAll('style').length).to.equal(0);
    expect(getComputedStyle(launcherOf(element)).backgroundColor).to.equal('rgb(15, 118, 110)');
    expect(violations).to.deep.equal([]);
  });

  it('is reached with Tab; focus preloads the element without running it, with the script’s nonce', async () => {
    const { element, chunkUrl } = installLoader('pk_keys', 'nothing.js', {}, 'n0nce');
    const button = launcherOf(element);
    for (let i = 0; i < 10 && element.shadowRoot!.activeElement !== button; i++) await sendKeys({ press: 'Tab' });
    expect(element.shadowRoot!.activeElement).to.equal(button);
    const { script, preload } = fetched(chunkUrl);
    expect(script).to.equal(false);
    expect(preload?.as).to.equal('script');
    expect(preload?.nonce).to.equal('n0nce');

    // Enter activates it as a click does: now the element is loaded.
    await sendKeys({ press: 'Enter' });
    expect(fetched(chunkUrl).script).to.equal(true);
    const added = [...document.head.querySelectorAll('script')].find((s) => s.src === chunkUrl)!;
    expect(added.nonce).to.equal('n0nce');
    button.blur();
  });

  it('preloads when the pointer comes over it, and loads on a click', async () => {
    const { element, chunkUrl } = installLoader('pk_pointer', 'nothing.js', { position: 'left' });
    const rect = launcherOf(element).getBoundingClientRect();
    const at: [number, number] = [Math.round(rect.x + rect.width / 2), Math.round(rect.y + rect.height / 2)];
    await sendMouse({ type: 'move', position: at });
    expect(fetched(chunkUrl).preload).to.exist;
    expect(fetched(chunkUrl).script).to.equal(false);
    await sendMouse({ type: 'click', position: at });
    expect(fetched(chunkUrl).script).to.equal(true);
    await sendMouse({ type: 'move', position: [0, 0] });
  });

  it('hides and shows with Parley(), and runs commands queued before it', () => {
    window.Parley = Object.assign((...args: unknown[]) => void (window.Parley!.q ??= []).push(args), {
      q: [] as ArrayLike<unknown>[],
    });
    window.Parley('set', { accent: '#16a34a' });
    window.Parley('hide');
    const { element, chunkUrl } = installLoader('pk_queue', 'nothing.js');
    expect(element.hidden).to.equal(true);
    expect(getComputedStyle(element).display).to.equal('none');
    expect(getComputedStyle(launcherOf(element)).backgroundColor).to.equal('rgb(22, 163, 74)');
    window.Parley!('show');
    expect(getComputedStyle(element).display).to.equal('block');
    expect(fetched(chunkUrl).script, 'neither needs the element').to.equal(false);
  });

  it('a close before the element loads forgets that the panel was open, without loading it', async () => {
    sessionStorage.setItem('parley:pk_close:open', 'true');
    const { chunkUrl } = installLoader('pk_close', 'nothing.js');
    window.Parley!('close');
    expect(sessionStorage.getItem('parley:pk_close:open')).to.equal(null);
    await afterIdle();
    expect(fetched(chunkUrl).script).to.equal(false);
  });

  it('open loads the element', () => {
    const { chunkUrl } = installLoader('pk_open', 'nothing.js');
    window.Parley!('open');
    expect(fetched(chunkUrl).script).to.equal(true);
  });

  it('running twice re-uses the element and its stand-in', () => {
    const first = installLoader('pk_twice', 'nothing.js').element;
    const button = launcherOf(first);
    const second = installLoader('pk_twice', 'nothing.js').element;
    expect(second).to.equal(first);
    expect(launcherOf(second)).to.equal(button);
    expect(document.querySelectorAll('chat-widget[site-key="pk_twice"]').length).to.equal(1);
  });

  it('keeps the stand-in in the page when an SPA swaps the body', async () => {
    const { element } = installLoader('pk_swap', 'nothing.js');
    const body = document.body;
    const next = document.createElement('body');
    body.replaceWith(next);
    try {
      await waitUntil(() => element.parentNode === next, 'the element moved to the new body');
      expect(launcherOf(element).isConnected).to.equal(true);
    } finally {
      next.replaceWith(body);
    }
  });
});

describe('loader: when the element loads by itself', () => {
  it('not for a first visit', async () => {
    await dropSdkDatabase();
    const { chunkUrl } = installLoader('pk_first', 'nothing.js');
    await afterIdle();
    expect(fetched(chunkUrl).script).to.equal(false);
  });

  it('at idle for a visitor who has a conversation on the site', async () => {
    localStorage.setItem('parley:pk_returning:conversation', 'true');
    const { chunkUrl } = installLoader('pk_returning', 'nothing.js');
    expect(fetched(chunkUrl).script, 'not before the page is idle').to.equal(false);
    await afterIdle();
    expect(fetched(chunkUrl).script).to.equal(true);
  });

  it('at idle when the panel was open on the previous page of this tab', async () => {
    sessionStorage.setItem('parley:pk_was_open:open', 'true');
    const { chunkUrl } = installLoader('pk_was_open', 'nothing.js');
    await afterIdle();
    expect(fetched(chunkUrl).script).to.equal(true);
  });

  it('once for a visitor of the version that wrote no mark (the SDK’s database exists), not when marked "none"', async () => {
    await new Promise(
      (resolve) => (indexedDB.open('parley').onsuccess = (e) => resolve((e.target as IDBOpenDBRequest).result.close())),
    );
    try {
      localStorage.setItem('parley:pk_none:conversation', 'false');
      const none = installLoader('pk_none', 'nothing.js');
      const unmarked = installLoader('pk_unmarked', 'nothing.js');
      await afterIdle();
      await waitUntil(() => fetched(unmarked.chunkUrl).script, 'the unmarked visitor’s element');
      await indexedDB.databases();
      expect(fetched(none.chunkUrl).script).to.equal(false);
    } finally {
      await dropSdkDatabase();
    }
  });
});
