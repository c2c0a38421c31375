import type { StaffClient } from '@parley/sdk/staff';

/** The part of {@link StaffClient} that `<chat-admin>` uses; tests pass a fake. */
export type AdminClient = Pick<
  StaffClient,
  'state' | 'leader' | 'connect' | 'send' | 'typing' | 'stopTyping' | 'markRead' | 'close' | 'on'
>;
