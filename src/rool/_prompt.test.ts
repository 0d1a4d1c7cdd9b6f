import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  channelInfo,
  channelSnapshot,
  type FakeHandler,
  fakeRool,
  interaction,
  spaceInfo,
  stat,
} from '../../test/helpers/rool-fake.ts';
import { davFake } from '../../test/helpers/dav-fake.ts';
import { maxAttachments, maxInlineFiles } from './_attachments.ts';
import { componentSchemas } from './_generated/schemas.ts';
import { RoolClient } from './client.ts';
import { RoolError } from './errors.ts';
import { WebDAVError } from './webdav-error.ts';
import type { Logger } from './logger.ts';
import { TokenAuthProvider } from './token-auth.ts';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

async function setup(handlers: Record<string, FakeHandler>, timeoutMs?: number) {
  const fake = fakeRool({
    'spaces.get': () => ({ space: spaceInfo(), channels: [channelInfo()] }),
    'channels.open': () => channelSnapshot(),
    ...handlers,
  });
  const dav = davFake(fake.fetch);
  const client = new RoolClient({
    apiUrl: 'https://api.rool.test',
    authProvider: new TokenAuthProvider('tok'),
    fetch: dav.fetch,
    logger: silent,
    timeoutMs,
  });
  const channel = await (await client.openSpace('spc1')).openChannel('main');
  return { fake, dav, channel };
}

function promptAnswer(
  input: { interactionId: string; parentInteractionId?: string | null; text: string },
) {
  return {
    message: `Answer to ${input.text}`,
    objects: [{ path: '/space/a/x.json', body: { n: 1 } }],
    interaction: interaction(input.interactionId, {
      parentId: input.parentInteractionId ?? null,
      operation: 'prompt',
      input: input.text,
      ai: true,
      modifiedObjectPaths: ['/space/a/x.json'],
    }),
  };
}

describe('prompt', () => {
  test('sends a client-chosen interaction ID and records the answer as the active leaf', async () => {
    const { channel, fake } = await setup({ 'ai.prompt': promptAnswer });
    const result = await channel.prompt('Hello', {
      effort: 'QUICK',
      readOnly: true,
      eventName: 'prompt_test',
    });
    assert.deepEqual(result, {
      message: 'Answer to Hello',
      objects: [{ path: '/space/a/x.json', body: { n: 1 } }],
    });
    const { input } = fake.callsOf('ai.prompt')[0]!;
    assert.match(input.interactionId, /^[A-Za-z0-9]{16}$/);
    assert.equal(input.effort, 'QUICK');
    assert.equal(input.readOnly, true);
    assert.equal(input.eventName, 'prompt_test');
    assert.equal(input.conversationId, 'default');
    assert.equal('parentInteractionId' in input, false);
    assert.equal(channel.activeLeafId, input.interactionId);

    await channel.prompt('Again');
    assert.equal(fake.callsOf('ai.prompt')[1]!.input.parentInteractionId, input.interactionId);
    await channel.prompt('Fresh', { parentInteractionId: null });
    assert.equal(fake.callsOf('ai.prompt')[2]!.input.parentInteractionId, null);
    assert.equal(channel.getInteractions().length, 1);
  });

  test('an ephemeral prompt is not recorded', async () => {
    const { channel } = await setup({ 'ai.prompt': promptAnswer });
    await channel.prompt('Quick look', { ephemeral: true });
    assert.equal(channel.activeLeafId, undefined);
    assert.deepEqual(channel.getTree(), {});
  });

  test('forgets cached stats of what the agent changed', async () => {
    const { channel } = await setup({
      'objects.get': (input) => ({
        object: { path: input.path, body: {} },
        stat: stat(input.path),
      }),
      'ai.prompt': promptAnswer,
    });
    await channel.getObject('/space/a/x.json');
    assert.ok(channel.stat('/space/a/x.json'));
    await channel.prompt('Change x');
    assert.equal(channel.stat('/space/a/x.json'), undefined);
  });

  test('paths and URIs go by reference; File, Blob and inline data are uploaded first', async () => {
    const { channel, fake, dav } = await setup({ 'ai.prompt': promptAnswer });
    await channel.prompt('Compare', {
      attachments: [
        '/space/article/intro.json',
        'rool-machine:/rool-drive/docs/report.pdf',
        new File(['hello'], 'hello.txt', { type: 'text/plain' }),
        new Blob([new Uint8Array([0, 255, 128])]),
        { data: 'aGk=', contentType: 'text/markdown', filename: 'hi.md' },
        new File(['again'], 'hello.txt', { type: 'text/plain' }),
        new File(['x'], '../../etc/pass wd', { type: 'text/plain' }),
      ],
    });
    const { input } = fake.callsOf('ai.prompt')[0]!;
    const folder = `/rool-drive/attachments/${input.interactionId}`;
    const uri = (name: string) => `rool-machine:${folder}/${name}`;
    assert.deepEqual(input.attachments, [
      '/space/article/intro.json',
      'rool-machine:/rool-drive/docs/report.pdf',
      uri('hello.txt'),
      uri('attachment'),
      uri('hi.md'),
      uri('hello-2.txt'),
      uri('pass_wd'),
    ]);
    assert.equal('files' in input, false);
    const text = (path: string) => new TextDecoder().decode(dav.files.get(path)!.bytes);
    assert.equal(text(`${folder}/hello.txt`), 'hello');
    assert.equal(text(`${folder}/hello-2.txt`), 'again');
    assert.equal(text(`${folder}/hi.md`), 'hi');
    assert.deepEqual([...dav.files.get(`${folder}/attachment`)!.bytes], [0, 255, 128]);
    assert.equal(dav.files.get(`${folder}/attachment`)!.contentType, 'application/octet-stream');
    assert.equal(dav.files.get(`${folder}/hi.md`)!.contentType, 'text/markdown');
    // The folder's parent did not exist: 409, then it is created, then the folder.
    assert.deepEqual(
      dav.calls.filter((c) => c.method === 'MKCOL').map((c) => c.path),
      [folder, '/rool-drive/attachments', folder],
    );
    for (const put of dav.calls.filter((c) => c.method === 'PUT')) {
      assert.equal(put.headers.get('If-None-Match'), '*');
      assert.equal(put.headers.get('Authorization'), 'Bearer tok');
    }

    // The next prompt finds /rool-drive/attachments there.
    await channel.prompt('One more', {
      attachments: [new Blob(['{}'], { type: 'application/json' })],
    });
    const second = fake.callsOf('ai.prompt')[1]!.input;
    const next = `/rool-drive/attachments/${second.interactionId}`;
    assert.deepEqual(second.attachments, [`rool-machine:${next}/attachment.json`]);
    assert.deepEqual(dav.calls.filter((c) => c.method === 'MKCOL').slice(3).map((c) => c.path), [
      next,
    ]);
  });

  test('a caller who may not write files (403) sends them inline in base64 instead', async () => {
    const { channel, fake, dav } = await setup({ 'ai.prompt': promptAnswer });
    dav.override = () => new Response('Viewer', { status: 403 });
    await channel.prompt('Look', {
      attachments: [
        new File(['hello'], 'hello.txt', { type: 'text/plain' }),
        '/space/article/intro.json',
        new Blob([new Uint8Array([0, 255, 128])]),
        { data: 'aGk=', contentType: 'text/markdown', filename: 'hi.md' },
      ],
    });
    const { input } = fake.callsOf('ai.prompt')[0]!;
    assert.deepEqual(input.attachments, ['/space/article/intro.json']);
    // Bun adds `;charset=utf-8` to a text File's type.
    const files = input.files.map((file: { contentType: string }) => ({
      ...file,
      contentType: file.contentType.split(';')[0],
    }));
    assert.deepEqual(files, [
      { data: 'aGVsbG8=', contentType: 'text/plain', filename: 'hello.txt' },
      { data: 'AP+A', contentType: 'application/octet-stream' },
      { data: 'aGk=', contentType: 'text/markdown', filename: 'hi.md' },
    ]);
    assert.deepEqual(dav.calls.map((c) => c.method), ['MKCOL']);
  });

  test('inline data in the form files take is sent as given; other base64 is encoded again', async () => {
    const { channel, fake, dav } = await setup({ 'ai.prompt': promptAnswer });
    dav.override = () => new Response('Viewer', { status: 403 });
    await channel.prompt('Look', {
      attachments: [
        // Non-zero trailing bits: decoding and encoding again would give `aGk=`.
        { data: 'aGl=', contentType: 'text/plain' },
        // Unpadded and base64url: the SDK takes them, `files` does not.
        { data: 'aGk', contentType: 'text/plain' },
        { data: '-_8', contentType: 'application/octet-stream' },
      ],
    });
    const { input } = fake.callsOf('ai.prompt')[0]!;
    assert.deepEqual(input.files.map((file: { data: string }) => file.data), [
      'aGl=',
      'aGk=',
      '+/8=',
    ]);
  });

  test('a caller who may not write files cannot send more files inline than files takes', async () => {
    const { channel, fake, dav } = await setup({ 'ai.prompt': promptAnswer });
    dav.override = () => new Response('Viewer', { status: 403 });
    const blobs = (n: number) => Array.from({ length: n }, (_, i) => new Blob([`file ${i}`]));
    await assert.rejects(
      channel.prompt('Look', { attachments: [...blobs(maxInlineFiles + 1), '/space/a/x.json'] }),
      (error) =>
        error instanceof RoolError && error.type === 'forbidden' && error.status === 403 &&
        error.message.includes(`at most ${maxInlineFiles}`) &&
        error.message.includes(`${maxInlineFiles + 1} given`) &&
        error.cause instanceof WebDAVError && error.cause.status === 403,
    );
    assert.equal(fake.callsOf('ai.prompt').length, 0);
    await channel.prompt('Look', { attachments: blobs(maxInlineFiles) });
    assert.equal(fake.callsOf('ai.prompt')[0]!.input.files.length, maxInlineFiles);
  });

  test("the SDK's attachment limits are the ai.prompt schema's", () => {
    const properties = componentSchemas.PromptInput!.properties as Record<
      string,
      { maxItems?: number }
    >;
    assert.equal(maxAttachments, properties.attachments!.maxItems);
    assert.equal(maxInlineFiles, properties.files!.maxItems);
  });

  test('uploaded names stay within 100 code points, a -N suffix included', async () => {
    const { channel, fake } = await setup({ 'ai.prompt': promptAnswer });
    // `𝒜` is a letter outside the BMP: two UTF-16 code units, one code point.
    const long = `${'é'.repeat(60)}${'𝒜'.repeat(60)}.txt`;
    await channel.prompt('Long', {
      attachments: [
        new File(['a'], long, { type: 'text/plain' }),
        new File(['b'], long, { type: 'text/plain' }),
      ],
    });
    const names = fake.callsOf('ai.prompt')[0]!.input.attachments.map((uri: string) =>
      decodeURIComponent(uri.split('/').pop()!)
    );
    assert.deepEqual(names, [
      `${'é'.repeat(60)}${'𝒜'.repeat(36)}.txt`,
      `${'é'.repeat(60)}${'𝒜'.repeat(34)}-2.txt`,
    ]);
    for (const name of names) assert.ok([...name].length <= 100, name);
  });

  test('a failed upload fails the prompt before it is sent, as a RoolError', async () => {
    const { channel, fake, dav } = await setup({ 'ai.prompt': promptAnswer });
    dav.override = (call) =>
      call.method === 'PUT' ? new Response('Full', { status: 507 }) : undefined;
    await assert.rejects(
      channel.prompt('Look', { attachments: [new Blob(['x'])] }),
      (error) =>
        error instanceof RoolError && error.type === 'insufficient_storage' &&
        error.status === 507 && error.cause instanceof WebDAVError &&
        error.cause.type === 'insufficient_storage' && error.cause.body === 'Full',
    );
    assert.equal(fake.callsOf('ai.prompt').length, 0);
  });

  test('an upload that gets no answer in time fails the prompt as a RoolError timeout', async () => {
    const { channel, fake, dav } = await setup({ 'ai.prompt': promptAnswer }, 50);
    dav.override = (call) => call.method === 'PUT' ? new Promise<Response>(() => {}) : undefined;
    await assert.rejects(
      channel.prompt('Look', { attachments: [new Blob(['x'])] }),
      (error) =>
        error instanceof RoolError && error.type === 'timeout' && error.status === 0 &&
        error.cause instanceof WebDAVError && error.cause.type === 'timeout',
    );
    assert.equal(fake.callsOf('ai.prompt').length, 0);
  });

  test('an abort during the upload rejects with aborted and sends no prompt', async () => {
    const { channel, fake, dav } = await setup({ 'ai.prompt': promptAnswer });
    const ac = new AbortController();
    let reached!: () => void;
    const uploading = new Promise<void>((resolve) => reached = resolve);
    dav.override = () => {
      reached();
      return new Promise<Response>(() => {});
    };
    const pending = channel.prompt('Look', { attachments: [new Blob(['x'])], signal: ac.signal });
    await uploading;
    ac.abort();
    // The stand-in never answers: the abort alone must end the prompt.
    dav.override = undefined;
    await assert.rejects(
      pending,
      (error) => error instanceof RoolError && error.type === 'aborted',
    );
    assert.equal(fake.callsOf('ai.prompt').length, 0);
  });

  test('no attachments sends neither field; a malformed one is refused before any call', async () => {
    const { channel, fake, dav } = await setup({ 'ai.prompt': promptAnswer });
    await channel.prompt('Plain');
    const { input } = fake.callsOf('ai.prompt')[0]!;
    assert.equal('attachments' in input, false);
    assert.equal('files' in input, false);
    await assert.rejects(
      channel.prompt('Bad', { attachments: [new Blob(['ok']), { data: 1 } as never] }),
      (error) => error instanceof RoolError && error.type === 'validation_error',
    );
    await assert.rejects(
      channel.prompt('Bad', { attachments: [{ data: '!!', contentType: 'text/plain' }] }),
      (error) => error instanceof RoolError && error.type === 'validation_error',
    );
    assert.equal(fake.callsOf('ai.prompt').length, 1);
    // Refused before anything was uploaded.
    assert.equal(dav.calls.length, 0);
  });

  test('abort asks the server to stop that interaction; the prompt still resolves', async () => {
    let release!: () => void;
    const stopped = new Promise<void>((resolve) => release = resolve);
    let stopAttempts = 0;
    const { channel, fake } = await setup({
      'ai.prompt': async (input) => {
        await stopped;
        return { ...promptAnswer(input), message: 'Stopped early' };
      },
      // The first stop arrives "before the server registered the prompt": nothing to stop yet.
      'ai.stopInteraction': () => {
        if (++stopAttempts === 1) return { stopped: false };
        release();
        return { stopped: true };
      },
    });
    const ac = new AbortController();
    const promptPromise = channel.prompt('Do a deep analysis', {
      effort: 'RESEARCH',
      signal: ac.signal,
    });
    ac.abort();
    const result = await promptPromise;
    assert.equal(result.message, 'Stopped early');
    const interactionId = fake.callsOf('ai.prompt')[0]!.input.interactionId;
    const stops = fake.callsOf('ai.stopInteraction');
    assert.equal(stops.length, 2);
    for (const stop of stops) {
      assert.deepEqual(stop.input, { spaceId: 'spc1', channelId: 'main', interactionId });
    }
  });

  test('a signal that already fired rejects with aborted and sends nothing', async () => {
    const { channel, fake } = await setup({ 'ai.prompt': promptAnswer });
    await assert.rejects(
      channel.prompt('Too late', { signal: AbortSignal.abort() }),
      (error) => error instanceof RoolError && error.type === 'aborted',
    );
    assert.equal(fake.calls.filter((call) => call.method.startsWith('ai.')).length, 0);
  });

  test('stop and stopInteraction answer whether something was stopped', async () => {
    const { channel, fake } = await setup({
      'ai.stop': (input) => ({ stopped: input.conversationId === 'busy' }),
      'ai.stopInteraction': (input) => ({ stopped: input.interactionId === 'running' }),
    });
    assert.equal(await channel.stop(), false);
    assert.equal(await channel.conversation('busy').stop(), true);
    assert.equal(await channel.stopInteraction('running'), true);
    assert.equal(await channel.stopInteraction('done'), false);
    assert.equal(fake.callsOf('ai.stop')[0]!.input.conversationId, 'default');
  });
});
