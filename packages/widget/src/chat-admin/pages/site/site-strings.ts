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
  embedTitle: string;
  embedIntro: string;
  prechat: string;
  prechatModes: Record<'off' | 'optional' | 'required', string>;
  useColor: string;
  embedCode: string;
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
    'Used in the emails the relay sends visitors and staff. The widget has no logo; its colour is set in its code below.',
  color: 'Colour',
  noColor: 'Parley’s colour',
  logo: 'Logo address',
  logoHelp:
    'An https:// address of a PNG or JPEG image (mail clients often block SVG), about 40 pixels high. Empty: no logo.',
  welcomeTitle: 'Welcome message',
  welcomeIntro: 'Shown first to every visitor who opens the chat. Other languages are set under Automations.',
  welcomeOn: 'Greet visitors',
  welcomeText: 'Message (English)',
  embedTitle: 'Widget code and pre-chat form',
  embedIntro:
    'The pre-chat form and the widget’s colour are attributes of the code you put on your pages: copy it after a change.',
  prechat: 'Pre-chat form (name and email before the first message)',
  prechatModes: { off: 'Off', optional: 'Optional', required: 'Required' },
  useColor: 'Use the colour above in the widget',
  embedCode: 'Code for your pages',
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
