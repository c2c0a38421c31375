// How every browser suite starts Chromium: the system's build (`CHROME_PATH`, default /usr/bin/chromium; tools that
// download their own browser cannot here), headless, with the background traffic a closed network refuses turned off.

/** The Chromium binary the browser suites run. */
export const chromiumPath = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/** Its command-line switches. */
export const chromiumArgs = [
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
