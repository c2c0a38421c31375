import type { ParleyClient } from '@parley/sdk';

/** The part of {@link ParleyClient} (connected with a staff token) that `<chat-admin>` uses; tests pass a fake. */
export type AdminClient = Pick<
  ParleyClient,
  'state' | 'leader' | 'connect' | 'send' | 'typing' | 'stopTyping' | 'markRead' | 'close' | 'on'
>;
