/** The notification chimes' notes (the SDK's `playChime`): fetched the first time the widget plays one. */
export { playChime } from '@parley/sdk/sound';
