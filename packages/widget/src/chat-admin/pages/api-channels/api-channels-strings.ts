/**
 * The strings of the inbox's API channels page, kept out of the shell: the page's chunk brings the English ones; a
 * translation goes in `AdminStrings.apiChannelsPage`.
 */
export interface ApiChannelsStrings {
  apiChannelsIntro: string;
  /** The title of the API channels' guide, linked after the intro. */
  apiChannelsGuide: string;
  apiChannelAddTitle: string;
  apiChannelName: string;
  apiChannelWebhook: string;
  addApiChannel: string;
  apiChannelsTitle: string;
  noApiChannels: string;
  /** The box that shows a token (and, for a new channel, its secret) once. */
  apiChannelOnceTitle: (name: string) => string;
  apiChannelOnceWarning: string;
  apiChannelToken: string;
  apiChannelSecret: string;
  copyToken: string;
  copySecret: string;
  apiChannelCreated: (at: string) => string;
  apiChannelRotated: (at: string) => string;
  rotateToken: string;
  confirmRotate: (name: string) => string;
  deleteApiChannel: string;
  confirmDeleteApiChannel: (name: string) => string;
}

/** English strings of the page. */
export const apiChannelsEn: ApiChannelsStrings = {
  apiChannelsIntro:
    'A bridge to SMS, WhatsApp or your app posts its contacts’ messages with a channel’s token, and receives staff replies at the channel’s webhook, signed with its secret.',
  apiChannelsGuide: 'Connecting a bridge',
  apiChannelAddTitle: 'Add an API channel',
  apiChannelName: 'Name',
  apiChannelWebhook: 'Webhook URL (receives staff replies)',
  addApiChannel: 'Add channel',
  apiChannelsTitle: 'API channels',
  noApiChannels: 'No API channels yet.',
  apiChannelOnceTitle: (name) => `${name}: copy it now`,
  apiChannelOnceWarning: 'This is the only time it is shown. Keep it in the bridge’s secrets.',
  apiChannelToken: 'Token',
  apiChannelSecret: 'Signing secret',
  copyToken: 'Copy token',
  copySecret: 'Copy secret',
  apiChannelCreated: (at) => `Added ${at}`,
  apiChannelRotated: (at) => `token replaced ${at}`,
  rotateToken: 'Replace token',
  confirmRotate: (name) => `Replace the token of ${name}? The bridge stops working until it has the new one.`,
  deleteApiChannel: 'Delete',
  confirmDeleteApiChannel: (name) =>
    `Delete ${name}? Its token stops working and its replies are no longer sent; its conversations stay in the inbox.`,
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../../admin-strings.js' {
  interface AdminStrings {
    /** The API channels page's own strings (its chunk brings the English ones when this is not set). */
    apiChannelsPage?: ApiChannelsStrings;
  }
}
