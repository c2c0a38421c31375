/** The strings of the thread's SLA clocks. */
export interface SlaClocksStrings {
  label: (policy: string) => string;
  targets: Record<'firstResponse' | 'nextResponse' | 'resolution', string>;
  dueIn: (target: string, left: string) => string;
  overdue: (target: string, late: string) => string;
  paused: (target: string) => string;
  met: (target: string) => string;
  breached: (target: string) => string;
}

/** English strings of the thread's SLA clocks. */
export const slaClocksEn: SlaClocksStrings = {
  label: (policy) => `SLA: ${policy}`,
  targets: { firstResponse: 'First reply', nextResponse: 'Next reply', resolution: 'Resolution' },
  dueIn: (target, left) => `${target} due in ${left}`,
  overdue: (target, late) => `${target} overdue by ${late}`,
  paused: (target) => `${target} paused`,
  met: (target) => `${target} met`,
  breached: (target) => `${target} breached`,
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../admin-strings.js' {
  interface AdminStrings {
    /** The thread's SLA clocks (their chunk brings the English ones). */
    slaClocks?: Partial<SlaClocksStrings>;
  }
}
