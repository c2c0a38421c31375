import { expect } from '@open-wc/testing';
import type { UploadRequest } from '../../src/attachments.js';
import { openTab, relayInfo, until, type Tab } from './helpers.js';

const relay = await relayInfo();

describe('attachments in the IndexedDB outbox', () => {
  let tab: Tab | undefined;
  afterEach(() => tab?.remove());

  it('keeps a file queued offline, its Blob included, across a page reload', async () => {
    const storageKey = `sdk-test-${crypto.randomUUID()}`;
    tab = await openTab();
    const bytes = crypto.getRandomValues(new Uint8Array(4096));
    const uploads: UploadRequest[] = [];
    const make = () => {
      const { harness } = tab!.window;
      const client = new harness.VisitorClient({
        url: relay.wsUrl,
        siteKey: relay.siteKey,
        storageKey,
        WebSocket: harness.makeWebSocket({ shut: true }, []),
      });
      const files = new harness.Attachments(client, {
        upload: async (request) => {
          uploads.push(request);
          return new Promise(() => undefined);
        },
      });
      return { client, files };
    };

    // Offline: the page goes away with the message and its file only in the outbox.
    const before = make();
    before.client.connect();
    const file = new (tab.window as unknown as typeof globalThis).File([bytes], 'scan.pdf', {
      type: 'application/pdf',
    });
    const queued = await before.files.send([file], 'the scan');
    expect(queued.status).to.equal('queued');
    expect(before.client.storageKind).to.equal('indexeddb');

    await tab.reload();
    const after = make();
    // No welcome yet (offline): the visitor's queued messages are listed all the same.
    await until(after.client, () => after.client.messages().length === 1);
    const [restored] = after.client.messages();
    expect(restored!.clientId).to.equal(queued.clientId);
    expect(restored!.text).to.equal('the scan');
    expect(restored!.status).to.equal('queued');
    const [kept] = restored!.files!;
    expect([kept!.name, kept!.type, kept!.size]).to.deep.equal(['scan.pdf', 'application/pdf', 4096]);
    expect(new Uint8Array(await kept!.blob.arrayBuffer())).to.deep.equal(bytes);
    expect(uploads).to.deep.equal([], 'nothing uploaded while offline');
    after.client.close();
    after.files.close();
  });
});
