/**
 * The strings of the inbox's Email notifications page, kept out of the shell: the page's chunk brings the English ones; a translation
 * goes in `AdminStrings.notificationsPage`.
 */
export interface NotificationsStrings {
  notificationsTitle: string;
  notificationsIntro: string;
  notificationsEmail: string;
  notificationsToggle: string;
  notificationsNeedEmail: string;
}

/** English strings of the page. */
export const notificationsEn: NotificationsStrings = {
  notificationsTitle: 'Email notifications',
  notificationsIntro:
    'Get an email when a visitor starts a conversation, or writes while no one is online: batched, at most one every 5 minutes. Your address is kept encrypted and shown only to you and your admins.',
  notificationsEmail: 'Your email',
  notificationsToggle: 'Email me when a conversation starts or a visitor writes while no one is online',
  notificationsNeedEmail: 'Enter your email to turn notifications on.',
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../../admin-strings.js' {
  interface AdminStrings {
    /** The Email notifications page's own strings (its chunk brings the English ones when this is not set). */
    notificationsPage?: NotificationsStrings;
  }
}
