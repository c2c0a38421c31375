/**
 * The strings of the inbox's messaging channels page, kept out of the shell: the page's chunk brings the English
 * ones; a translation goes in `AdminStrings.messagingChannelsPage`.
 */
export interface MessagingChannelsStrings {
  messagingIntro: string;
  /** The title of the channels' guide, linked after the intro. */
  messagingGuide: string;
  /** The connect form's title, per provider (`Connect a Telegram bot`). */
  messagingConnectTitle: (provider: string) => string;
  messagingName: string;
  messagingNameHint: string;
  /** Under the credentials' fields: they are checked, then never shown again. */
  messagingSecretHint: (provider: string) => string;
  messagingConnect: string;
  messagingSetupTitle: string;
  messagingChannelsTitle: string;
  noMessagingChannels: string;
  noMessagingProviders: string;
  /** A channel's line: its provider and account (`Telegram · @parley_help_bot`). */
  messagingAccount: (provider: string, account: string) => string;
  messagingWebhook: string;
  messagingConnected: (at: string) => string;
  /** Announced once a channel is connected. */
  messagingDone: (name: string) => string;
  removeMessagingChannel: string;
  confirmRemoveMessagingChannel: (name: string, provider: string) => string;
}

/** What is connected, per provider (its label): a bot, a number, a Page, an account. */
const CONNECT_TITLES: Readonly<Record<string, string>> = {
  Telegram: 'Connect a Telegram bot',
  'SMS (Twilio)': 'Connect a Twilio number (SMS)',
  WhatsApp: 'Connect a WhatsApp number',
  Messenger: 'Connect a Facebook Page (Messenger)',
  Instagram: 'Connect an Instagram account',
};

/** English strings of the page. */
export const messagingChannelsEn: MessagingChannelsStrings = {
  messagingIntro:
    'Customers’ messages to it (a Telegram bot, a number they text, a Facebook Page, an Instagram account) open conversations here, and your replies go back to them there.',
  messagingGuide: 'Messaging channels',
  messagingConnectTitle: (provider) => CONNECT_TITLES[provider] ?? `Connect ${provider}`,
  messagingName: 'Name in the inbox (optional)',
  messagingNameHint: 'Its own name at the provider when empty (the bot’s, the number’s, the Page’s).',
  messagingSecretHint: (provider) =>
    `Checked with ${provider} when you connect, then kept sealed: it is never shown again, here or anywhere.`,
  messagingConnect: 'Connect',
  messagingSetupTitle: 'Setting it up',
  messagingChannelsTitle: 'Messaging channels',
  noMessagingChannels: 'No messaging channels yet.',
  noMessagingProviders: 'This relay has no messaging providers.',
  messagingAccount: (provider, account) => `${provider} · ${account}`,
  messagingWebhook: 'Webhook',
  messagingConnected: (at) => `Connected ${at}`,
  messagingDone: (name) => `${name} is connected.`,
  removeMessagingChannel: 'Remove',
  confirmRemoveMessagingChannel: (name, provider) =>
    `Remove ${name}? ${provider} stops sending its messages here and its replies are no longer sent; its conversations stay in the inbox.`,
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../../admin-strings.js' {
  interface AdminStrings {
    /** The messaging channels page's own strings (its chunk brings the English ones when this is not set). */
    messagingChannelsPage?: MessagingChannelsStrings;
  }
}
