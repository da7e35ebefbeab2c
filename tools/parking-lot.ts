import { connect } from 'amqplib';
import { LOCAL_AMQP_URL } from '@toevlucht/config';
import { ParkingLot, type ParkedMessageView } from '@toevlucht/messaging';

/**
 * `npm run parking-lot -- <list|show|replay|purge> --queue <work queue> [--id <message id>]
 * [--limit <n>] [--json] [--yes]`: inspect and replay parked messages. The broker comes from
 * AMQP_URL. Payloads are shown with personal data redacted.
 */
const USAGE = `usage: npm run parking-lot -- <command> --queue <queue> [options]

commands:
  list     parked messages (id, type, reason, when, from where)       [--limit <n>] [--json]
  show     one parked message in full, payload redacted                --id <message id> [--json]
  replay   move parked messages back to the queue they were parked from [--id <message id>]
           (also those the broker parked); exits 1 if one has to stay parked, saying why
  purge    delete every parked message of the queue                   --yes

--queue takes a work queue (e.g. registration) or its parking lot (registration.parking-lot).`;

function option(argv: string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : undefined;
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

function summary(message: ParkedMessageView): string {
  return [
    message.messageId ?? '(no id)',
    message.type ?? '(no type)',
    message.reason ?? '?',
    `attempts=${message.attempts ?? '?'}`,
    message.parkedAt ?? '',
    message.detail === undefined ? '' : `"${message.detail.slice(0, 120)}"`,
  ].join('  ');
}

async function main(argv: string[]): Promise<number> {
  const command = argv[0];
  const queue = option(argv, '--queue');
  if (
    command === undefined ||
    queue === undefined ||
    !['list', 'show', 'replay', 'purge'].includes(command)
  ) {
    print(USAGE);
    return 64;
  }
  const connection = await connect(process.env['AMQP_URL'] ?? LOCAL_AMQP_URL);
  // A lost connection rejects the call being awaited, which reports it; unheard, amqplib would
  // also throw the event at the process.
  connection.on('error', () => undefined);
  const parkingLot = new ParkingLot(connection);
  const json = argv.includes('--json');
  try {
    switch (command) {
      case 'list': {
        const messages = await parkingLot.list(queue, Number(option(argv, '--limit') ?? 100));
        if (json) print(JSON.stringify(messages, null, 2));
        else {
          print(`${messages.length} parked in ${ParkingLot.queueOf(queue)}`);
          for (const message of messages) print(`  ${summary(message)}`);
        }
        return 0;
      }
      case 'show': {
        const id = option(argv, '--id');
        if (id === undefined) {
          print('show needs --id <message id>');
          return 64;
        }
        const message = await parkingLot.show(queue, id);
        if (message === undefined) {
          print(`No parked message ${id} in ${ParkingLot.queueOf(queue)}`);
          return 1;
        }
        print(JSON.stringify(message, null, 2));
        return 0;
      }
      case 'replay': {
        const result = await parkingLot.replay(queue, option(argv, '--id'));
        print(`replayed ${result.replayed.length}: ${result.replayed.join(', ') || '-'}`);
        for (const kept of result.notReplayed)
          print(`not replayed, still parked: ${kept.messageId}: ${kept.reason}`);
        return result.notReplayed.length === 0 ? 0 : 1;
      }
      case 'purge': {
        if (!argv.includes('--yes')) {
          print('purge deletes every parked message for good; add --yes to confirm');
          return 64;
        }
        print(
          `purged ${await parkingLot.purge(queue)} message(s) from ${ParkingLot.queueOf(queue)}`,
        );
        return 0;
      }
      default:
        print(USAGE);
        return 64;
    }
  } finally {
    await connection.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`parking-lot: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
