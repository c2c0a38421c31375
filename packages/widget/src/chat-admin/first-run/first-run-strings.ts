/** The strings of the empty inbox's first steps, shipped with their chunk. */
export interface FirstRunStrings {
  title: string;
  /** Above the steps, however many this member is shown (an agent sees one, an admin three): no count in it. */
  intro: string;
  demoTitle: string;
  demoText: string;
  demoLink: string;
  installTitle: string;
  installText: string;
  snippetLabel: string;
  copy: string;
  copied: string;
  copyFailed: string;
  teamTitle: string;
  teamText: string;
  teamButton: string;
}

/** English strings of the empty inbox's first steps. */
export const firstRunEn: FirstRunStrings = {
  title: 'Get your first conversation',
  intro: 'Nobody has written yet. To get going:',
  demoTitle: 'Try it as a visitor',
  demoText: 'Open the demo shop in another tab and say hello in its chat: the conversation appears here.',
  demoLink: 'Open the demo shop',
  installTitle: 'Add the chat to your site',
  installText: 'Paste this before </body> on every page of your site.',
  snippetLabel: 'Install code',
  copy: 'Copy code',
  copied: 'Copied.',
  copyFailed: 'Could not copy: select the code and copy it.',
  teamTitle: 'Invite your team',
  teamText: 'Add the people who answer, as agents or admins.',
  teamButton: 'Invite your team',
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../admin-strings.js' {
  interface AdminStrings {
    /** The empty inbox's first steps (their chunk brings the English ones). */
    firstRun?: Partial<FirstRunStrings>;
  }
}
