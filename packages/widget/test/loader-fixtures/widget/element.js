// Stands in for chat-widget.<hash>.js in the loader's tests: a classic script, as the loader adds it, that defines
// the real <chat-widget> from src (the test server compiles it).
void import('/packages/widget/src/chat-widget/chat-widget.ts');
