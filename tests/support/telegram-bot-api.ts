// The loopback Telegram Bot API the relay's own tests speak to (127.0.0.1, port 0), for the end-to-end tests.
export { TelegramBotApi, photoUpdate, textUpdate } from '../../packages/relay/test/support/telegram-bot-api.js';
