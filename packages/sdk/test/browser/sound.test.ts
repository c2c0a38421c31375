import { expect } from '@open-wc/testing';
import { Sound, SoundSwitch } from '../../src/sound.js';

describe('Sound', () => {
  it('is silent and does not throw before a user gesture unlocks it', () => {
    const sound = new Sound({ storageKey: `sound-${crypto.randomUUID()}` });
    expect(() => sound.play('message')).not.to.throw();
    sound.dispose();
  });

  it('plays every chime once unlocked, and remembers the mute switch', () => {
    const storageKey = `sound-${crypto.randomUUID()}`;
    const sound = new Sound({ storageKey });
    sound.unlock();
    for (const name of ['message', 'broadcast', 'conversation', 'visitor'] as const) {
      expect(() => sound.play(name)).not.to.throw();
    }
    expect(sound.muted).to.equal(false);
    sound.setMuted(true);
    sound.dispose();
    const again = new Sound({ storageKey });
    expect(again.muted).to.equal(true);
    again.dispose();
  });
});

/** An AudioContext that runs at once and counts the notes scheduled on it. */
class RunningContext {
  state: AudioContextState = 'running';
  currentTime = 0;
  readonly destination = {};
  notes: number[] = [];
  createOscillator() {
    const notes = this.notes;
    const oscillator = {
      type: 'sine',
      frequency: { value: 0 },
      connect: (gain: unknown) => gain,
      start: () => notes.push(oscillator.frequency.value),
      stop: () => undefined,
    };
    return oscillator;
  }
  createGain() {
    const param = { setValueAtTime: () => undefined, exponentialRampToValueAtTime: () => undefined };
    return { gain: param, connect: (destination: unknown) => destination };
  }
  resume() {
    return Promise.resolve();
  }
  close() {
    return Promise.resolve();
  }
}

describe('SoundSwitch and the chimes it fetches', () => {
  const real = globalThis.AudioContext;
  let made: RunningContext[] = [];
  beforeEach(() => {
    made = [];
    (globalThis as { AudioContext?: unknown }).AudioContext = class extends RunningContext {
      constructor() {
        super();
        made.push(this);
      }
    };
  });
  afterEach(() => {
    globalThis.AudioContext = real;
  });

  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('fetches the player only to play, and plays only unlocked and unmuted', async () => {
    const played: string[] = [];
    let fetched = 0;
    const sound = new SoundSwitch({
      storageKey: `sound-${crypto.randomUUID()}`,
      chimes: async () => {
        fetched += 1;
        return (_context, name) => void played.push(name);
      },
    });
    sound.play('message');
    await settle();
    expect(fetched, 'locked: nothing fetched').to.equal(0);
    sound.unlock();
    sound.play('message');
    await settle();
    expect(played).to.deep.equal(['message']);
    sound.setMuted(true);
    sound.play('visitor');
    await settle();
    expect(played, 'muted: nothing more').to.deep.equal(['message']);
    expect(fetched).to.equal(1);
    sound.dispose();
  });

  it('stays silent, without throwing, when its player cannot be fetched (offline)', async () => {
    const sound = new SoundSwitch({
      storageKey: `sound-${crypto.randomUUID()}`,
      chimes: () => Promise.reject(new TypeError('Failed to fetch dynamically imported module')),
    });
    sound.unlock();
    expect(() => sound.play('message')).not.to.throw();
    await settle();
    expect(made[0]!.notes).to.deep.equal([]);
    sound.dispose();
  });

  it("Sound schedules each chime's notes on the unlocked context", async () => {
    const sound = new Sound({ storageKey: `sound-${crypto.randomUUID()}` });
    sound.unlock();
    sound.play('message');
    sound.play('broadcast');
    await settle();
    expect(made[0]!.notes).to.deep.equal([880, 1318.5, 659.3, 880, 1108.7]);
    sound.dispose();
  });
});
