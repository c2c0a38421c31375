import { expect } from '@open-wc/testing';
import { Sound } from '../../src/sound.js';

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
