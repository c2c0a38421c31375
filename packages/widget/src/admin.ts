/**
 * The staff inbox page the relay serves at `/admin`: registers `<chat-admin>` and keeps the tab title's unread
 * count. The element finds the API and the WebSocket on this page's origin.
 */
import './chat-admin/chat-admin.js';

const element = document.querySelector('chat-admin') ?? document.body.appendChild(document.createElement('chat-admin'));
const title = document.title;
element.addEventListener('chat-unread-change', (event) => {
  const { count } = event.detail;
  document.title = count > 0 ? `(${count}) ${title}` : title;
});
