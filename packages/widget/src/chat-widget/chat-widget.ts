import { ChatWidget } from './chat-widget.component.js';

export { ChatWidget };

// A second copy of the bundle (a script tag run twice) must not throw on a second define.
if (!customElements.get('chat-widget')) customElements.define('chat-widget', ChatWidget);

declare global {
  interface HTMLElementTagNameMap {
    'chat-widget': ChatWidget;
  }
}
