import { css } from 'lit';

/**
 * The SLA clocks' own rules, added to `<chat-admin>`'s shadow root once from their chunk (like Snooze's). A clock
 * past its warning is amber, one overdue red; each keeps its words, so colour is never the only sign.
 */
export const slaClocksStyles = css`
  chat-admin-sla-clocks {
    display: inline-flex;
    max-width: 100%;
  }
  /* The chips wrap on a narrow header rather than run past it. */
  chat-admin-sla-clocks > [role='group'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px;
    min-width: 0;
  }
  chat-admin-sla-clocks .sla-clock {
    border: 1px solid var(--_border);
    border-radius: 999px;
    padding: 2px 8px;
    font-size: 12px;
    white-space: nowrap;
  }
  chat-admin-sla-clocks .sla-clock.warning {
    border-color: #b45309;
    background: #fef3c7;
    color: #713f12;
  }
  chat-admin-sla-clocks .sla-clock.overdue {
    border-color: #b91c1c;
    background: #fee2e2;
    color: #7f1d1d;
  }
  chat-admin-sla-clocks .sla-clock.met {
    color: var(--_muted);
  }
`;
