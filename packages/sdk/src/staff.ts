export { StaffClient, mayEdit } from './staff-client.js';
export type { ConversationSummary, StaffClientOptions, StaffSendOptions } from './types.js';
