/**
 * The Rool mock as a live-events benchmark server: alice's space with
 * channel `main` and collection `note`, and `--users N` more users
 * (`bench01`…, token `rool_bench01_token`…) added to it as viewers, so that
 * N × 100 subscribers can listen to the one space within the mock's default
 * limits (100 open streams per user, 1,000 per space). The ready line gives
 * the space, the channel, the subscribers' tokens and the stream limits.
 *
 * ```sh
 * deno run -A scripts/bench/servers/rool-events.ts --users 10
 * ```
 *
 * @module
 */
import { createMockServer, defaultRoolUsers } from '../../../mock-server/mod.ts';
import { defaultRoolLimits } from '../../../mock-server/rool/context.ts';
import { argument, serveAndAnnounce } from './listen.ts';
import { roolCall } from './rool-seed.ts';

const users = Array.from({ length: Number(argument('users', '10')) }, (_, i) => {
  const name = `bench${String(i + 1).padStart(2, '0')}`;
  return { name, token: `rool_${name}_token` };
});
const mock = createMockServer({
  onError: (error) => console.error(error),
  rool: { users: [...defaultRoolUsers, ...users] },
});

const { id } = await roolCall(mock, 'spaces.create', { name: 'bench events' });
const spaceId = id as string;
await roolCall(mock, 'channels.open', { spaceId, channelId: 'main' });
await roolCall(mock, 'collections.create', {
  spaceId,
  channelId: 'main',
  name: 'note',
  def: { fields: [] },
});
for (const user of users) {
  await roolCall(mock, 'members.add', { spaceId, userId: `usr_${user.name}`, role: 'viewer' });
}
await serveAndAnnounce(mock.fetch, {
  spaceId,
  channelId: 'main',
  tokens: users.map((u) => u.token),
  streamsPerUser: defaultRoolLimits.eventStreamsPerUser,
  streamsPerSpace: defaultRoolLimits.eventStreamsPerSpace,
});
