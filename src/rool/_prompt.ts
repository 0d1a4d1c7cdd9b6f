// `prompt()`: the agent call with a client-chosen interaction ID, so that an AbortSignal can
// ask the server to stop that interaction while the call is still waiting for its answer. Local
// files attached are uploaded first, into `/rool-drive/attachments/<interaction ID>/`.
import type { ChannelCore } from './_channel-core.ts';
import { encodeAttachments, type EncodedAttachments } from './_attachments.ts';
import type { PromptOptions, PromptResult } from './channel-options.ts';
import type { PromptInput } from './conversation-methods.ts';
import { randomId } from './id.ts';
import { RoolError } from './errors.ts';
import { WebDAVError } from './webdav-error.ts';

/** Longest wait between two stop requests, in ms. */
const maxStopBackoffMs = 1_000;

/** Where a prompt runs: a channel's core and one of its conversations. */
export interface PromptTarget {
  core: ChannelCore;
  conversationId: string;
}

/** Runs a prompt in a conversation and records its interaction (unless ephemeral). */
export async function runPrompt(
  { core, conversationId }: PromptTarget,
  text: string,
  options: PromptOptions = {},
): Promise<PromptResult> {
  const { signal } = options;
  if (signal?.aborted) {
    throw new RoolError({ type: 'aborted', message: 'Prompt was aborted before it was sent' });
  }
  // Long enough that it never collides with another interaction in the space (409).
  const interactionId = randomId(16);
  let settle!: () => void;
  const settled = new Promise<void>((resolve) => settle = resolve);
  let dispatch!: () => void;
  const dispatched = new Promise<void>((resolve) => dispatch = resolve);
  // Listening before the first await: `prompt(…); ac.abort();` must still stop the prompt. The
  // stop waits until the prompt is on its way, since before that there is nothing to stop.
  const onAbort = () => void dispatched.then(() => stopWhilePending(core, interactionId, settled));
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const record = core.recordOptions(conversationId, options);
    const attachments = await uploadAttachments(core, options, interactionId);
    const input: PromptInput = {
      ...core.ref(conversationId),
      ...record,
      ...attachments,
      text,
      interactionId,
    };
    if (options.responseSchema !== undefined) input.responseSchema = options.responseSchema;
    if (options.effort !== undefined) input.effort = options.effort;
    if (options.readOnly !== undefined) input.readOnly = options.readOnly;
    if (options.eventName !== undefined) input.eventName = options.eventName;
    const request = core.api.ai.prompt(input);
    dispatch();
    const output = await request;
    // The answer names what the agent changed but not their stats: those cached are stale.
    core.stats.delete(output.interaction.modifiedObjectPaths);
    core.stats.delete(output.objects.map((object) => object.path));
    if (!options.ephemeral) core.recorded(conversationId, output.interaction);
    return { message: output.message, objects: output.objects };
  } finally {
    settle();
    signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * The prompt's attachments, local files uploaded into a folder named after the interaction (or
 * inline, for a caller who may not write files). A failed upload ends the prompt before it is
 * sent, as a RoolError of the WebDAVError's type and status (kept as its `cause`); an abort that
 * cuts an upload short is `aborted`, as an abort before the call is. An abort after the uploads
 * stops the prompt like any other.
 */
async function uploadAttachments(
  core: ChannelCore,
  { attachments, signal }: PromptOptions,
  interactionId: string,
): Promise<EncodedAttachments> {
  try {
    return await encodeAttachments(attachments, {
      storage: core.webdav,
      folder: interactionId,
      signal,
    });
  } catch (error) {
    if (!(error instanceof WebDAVError)) throw error;
    // `channel.prompt` throws RoolError only: the upload's error keeps its type and status.
    const message = error.type === 'aborted'
      ? 'Prompt was aborted while uploading attachments'
      : `Prompt attachments could not be uploaded: ${error.message}`;
    throw new RoolError({ type: error.type, status: error.status, message, cause: error });
  }
}

/**
 * Asks the server to stop an interaction until it says it did or the prompt is answered: a
 * stop sent before the server has registered the prompt finds nothing to stop.
 */
async function stopWhilePending(
  core: ChannelCore,
  interactionId: string,
  settled: Promise<void>,
): Promise<void> {
  let done = false;
  void settled.then(() => done = true);
  for (let attempt = 0; !done; attempt++) {
    try {
      const { stopped } = await core.api.ai.stopInteraction({ ...core.channelRef, interactionId });
      if (stopped) return;
    } catch (error) {
      core.logger.warn(`Could not stop interaction ${interactionId}`, error);
      return;
    }
    await delayOrSettled(Math.min(25 * 2 ** attempt, maxStopBackoffMs), settled);
  }
}

/** Waits `ms`, or less when `settled` comes first; leaves no timer behind either way. */
function delayOrSettled(ms: number, settled: Promise<void>): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    new Promise<void>((resolve) => timer = setTimeout(resolve, ms)),
    settled,
  ]).finally(() => clearTimeout(timer));
}
