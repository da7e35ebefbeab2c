import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Makes RabbitMQ close the channel that consumes from `queue` with a channel error, while its
 * connection stays open: the broker is handed an ack for a delivery tag it never sent, as if
 * the client had sent it, and answers as it does to any client's protocol mistake (406
 * PRECONDITION_FAILED, channel closed). Needs `rabbitmqctl` on this machine, as CI has.
 * Returns how many channels it closed.
 */
export async function closeConsumerChannelsByBroker(queue: string, vhost = '/'): Promise<number> {
  const { stdout } = await run('rabbitmqctl', [
    'list_consumers',
    '-q',
    '--no-table-headers',
    '-p',
    vhost,
    'queue_name',
    'channel_pid',
  ]);
  const channels = stdout
    .split('\n')
    .map((line) => line.split('\t'))
    .filter(([name, pid]) => name === queue && pid !== undefined && /^<[^">]+>$/.test(pid))
    .map(([, pid]) => pid as string);
  for (const pid of channels) {
    await run('rabbitmqctl', [
      'eval',
      `rabbit_channel:do(rabbit_misc:string_to_pid("${pid}"), {'basic.ack', 4294967295, false}).`,
    ]);
  }
  return channels.length;
}
