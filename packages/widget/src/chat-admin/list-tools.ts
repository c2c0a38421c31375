// The conversation list's tools, in a chunk of their own fetched once signed in (the inbox's first load carries
// none of them): saved views beside the built-in ones, the bulk bar, and picking conversations for it.
import { ChatAdminBulk } from './bulk/chat-admin-bulk.component.js';
import { definePage } from './define-page.js';
import { ChatAdminViews } from './views/chat-admin-views.component.js';

void definePage({ tag: 'chat-admin-views', element: ChatAdminViews });
void definePage({ tag: 'chat-admin-bulk', element: ChatAdminBulk });

export { pick } from './bulk/bulk-pick.js';
