/** The chimes {@link Sound} can play. */
export type SoundName = 'message' | 'broadcast' | 'conversation' | 'visitor';

type Note = readonly [frequency: number, startS: number, durationS: number];

/** Each chime is a few sine notes: short, distinct, and synthesized, so there is no audio file to load. */
const CHIMES: Record<SoundName, readonly Note[]> = {
  message: [
    [880, 0, 0.12],
    [1318.5, 0.09, 0.18],
  ],
  broadcast: [
    [659.3, 0, 0.12],
    [880, 0.1, 0.12],
    [1108.7, 0.2, 0.22],
  ],
  conversation: [
    [1046.5, 0, 0.1],
    [784, 0.1, 0.1],
    [1046.5, 0.2, 0.2],
  ],
  visitor: [
    [523.3, 0, 0.14],
    [659.3, 0.12, 0.2],
  ],
};

/** Plays the chime `name` on a running `context` (its notes scheduled from now). Never throws. */
export function playChime(context: AudioContext, name: SoundName): void {
  try {
    const start = context.currentTime + 0.01;
    for (const [frequency, at, duration] of CHIMES[name]) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + at);
      gain.gain.exponentialRampToValueAtTime(0.18, start + at + 0.015);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + at + duration);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start + at);
      oscillator.stop(start + at + duration + 0.02);
    }
  } catch {
    // A chime is never worth an exception.
  }
}
