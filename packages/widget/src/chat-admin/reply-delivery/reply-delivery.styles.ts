import { css } from 'lit';

/**
 * The delivery mark's own rules, added to `<chat-admin>`'s shadow root once from its chunk: the error colour of the
 * shell, on a line of its own under the time and status (the meta row wraps for it), wrapping anywhere so a long
 * reason never widens the thread (390 px too).
 */
export const replyDeliveryStyles = css`
  chat-admin-reply-delivery {
    display: contents;
  }
  .meta:has(.reply-failed) {
    flex-wrap: wrap;
    justify-content: flex-end;
  }
  chat-admin-reply-delivery .reply-failed {
    flex-basis: 100%;
    text-align: end;
    color: var(--_danger);
    font-weight: 600;
    overflow-wrap: anywhere;
  }
`;
