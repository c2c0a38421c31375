/** The strings of the inbox's Site settings page, kept out of the shell: the page's chunk brings the English ones. */
export interface SiteStrings {
  title: string;
  intro: string;
  name: string;
  nameHelp: string;
  origins: string;
  originsHelp: string;
  configured: (variable: string) => string;
  save: string;
  saved: string;
  brandTitle: string;
  brandIntro: string;
  color: string;
  noColor: string;
  logo: string;
  logoHelp: string;
  welcomeTitle: string;
  welcomeIntro: string;
  welcomeOn: string;
  welcomeText: string;
  lookTitle: string;
  lookIntro: string;
  look: Record<'theme' | 'position' | 'prechat', string>;
  lookHelp: Record<'theme' | 'position' | 'prechat', string>;
  lookValues: Record<'light' | 'dark' | 'auto' | 'right' | 'left' | 'off' | 'optional' | 'required', string>;
  /** The first choice of a look field: the widget's default, named. */
  lookDefault: (value: string) => string;
  /** The switch of the widget's "Typically replies in…" line, and what it says. */
  replyTime: string;
  replyTimeHelp: string;
  embedTitle: string;
  embedIntro: string;
  embedCode: string;
  /** The label of the command that installs the SDK from the relay (for an app or a bot). */
  sdkCode: string;
  overridesTitle: string;
  overridesIntro: string;
  overrides: Record<'data-accent' | 'data-theme' | 'data-position' | 'data-prechat', string>;
  secretTitle: string;
  secretIntro: string;
  rotate: string;
  rotateConfirm: string;
  rotateNow: string;
  cancel: string;
  newSecret: string;
  newSecretHelp: string;
  copy: string;
  copied: string;
}

/** English strings of the Site settings page. */
export const siteEn: SiteStrings = {
  title: 'Site',
  intro: 'What visitors see of your site, and who may open its chat. Each new visitor connection reads these at once.',
  name: 'Site name',
  nameHelp: 'The title of the chat window.',
  origins: 'Allowed origins',
  originsHelp: 'One per line, e.g. https://www.example.com (scheme, host and port), or * for any site.',
  configured: (variable) => `Set by the relay’s configuration (${variable}); change it there.`,
  save: 'Save',
  saved: 'Saved.',
  brandTitle: 'Colour and logo',
  brandIntro:
    'The colour of the widget’s button, header and the visitor’s messages, and of the emails the relay sends. The logo is shown in the emails (the widget has none).',
  color: 'Colour',
  noColor: 'Parley’s colour',
  logo: 'Logo address',
  logoHelp:
    'An https:// address of a PNG or JPEG image (mail clients often block SVG), about 40 pixels high. Empty: no logo.',
  welcomeTitle: 'Welcome message',
  welcomeIntro:
    'Shown first to every visitor who opens the chat (without it, an empty chat opens on “Hi there! Ask us anything.” in the visitor’s language). Other languages are set under Automations.',
  welcomeOn: 'Greet visitors',
  welcomeText: 'Message (English)',
  lookTitle: 'Widget',
  lookIntro:
    'How the chat looks and what it asks first, on every page with the code below. Pages take a change on their next load (browsers may keep the old one up to 5 minutes).',
  look: { theme: 'Theme', position: 'Side of the page', prechat: 'Pre-chat form' },
  lookHelp: {
    theme: 'Automatic follows each visitor’s light or dark system setting.',
    position: 'Where the chat button and window sit.',
    prechat: 'Name, email and consent before the first message. Optional lets visitors skip it.',
  },
  lookValues: {
    light: 'Light',
    dark: 'Dark',
    auto: 'Automatic',
    right: 'Right',
    left: 'Left',
    off: 'Off',
    optional: 'Optional',
    required: 'Required',
  },
  lookDefault: (value) => `Default (${value})`,
  replyTime: 'Say how fast you typically reply',
  replyTimeHelp:
    'While someone is online, the chat’s header says “Typically replies in a few minutes” (or under an hour, a few hours, within a day): the median first reply of the last 14 days, once 5 conversations were answered.',
  embedTitle: 'Code for your pages',
  embedIntro:
    'Put it before </body> on every page that shows the chat. It names your site only: the colour, theme, side and pre-chat form come from this page.',
  embedCode: 'Code',
  sdkCode: 'Or, in an app or a bot: the SDK from this relay (npm)',
  overridesTitle: 'Overrides',
  overridesIntro: 'An attribute added to the code overrides this page’s setting on the pages that carry it:',
  overrides: {
    'data-accent': 'a colour for the widget (any CSS colour), instead of the site’s colour;',
    'data-theme': 'light, dark or auto;',
    'data-position': 'right or left;',
    'data-prechat': 'off, optional or required.',
  },
  secretTitle: 'Identity secret',
  secretIntro:
    'Your server signs logged-in users with it (HMAC-SHA256 of the user id). Rotate it if it may have leaked.',
  rotate: 'Rotate…',
  rotateConfirm:
    'The current secret stops working at once: logged-in users are refused until your server signs with the new one. Rotate now?',
  rotateNow: 'Rotate the secret',
  cancel: 'Cancel',
  newSecret: 'New identity secret',
  newSecretHelp: 'Shown only now: put it in your server’s configuration before you leave this page.',
  copy: 'Copy',
  copied: 'Copied.',
};
