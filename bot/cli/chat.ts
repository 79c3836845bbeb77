// `npm run chat [-- --json] [--user ID]`: talk to the engine in a terminal.
// With --json, or when stdin is not a terminal, each line is a message and each reply a JSON line.
import readline from 'node:readline';
import { cliArgsOrExit } from '../../core/cli';
import { createAssistant } from '../app';
import { configOrExit, databaseOrExit } from '../../models/boot';
import { ConsoleChannel } from '../channels/console';
import { logger } from '../../core/logger';

const { values } = await cliArgsOrExit({
  command: 'chat',
  options: { json: { type: 'boolean', default: false }, user: { type: 'string', default: 'console' } },
});
const json = values.json || !process.stdin.isTTY;
const config = configOrExit();
logger.level = json ? 'silent' : config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL;
const database = await databaseOrExit(config);
const assistant = await createAssistant(config, database);
const consoleChannel = new ConsoleChannel(values.user!, json, (l) => process.stdout.write(l + '\n'));
assistant.outbox.register('console', consoleChannel);
await assistant.startBackground();

const rl = readline.createInterface({ input: process.stdin, terminal: !json, prompt: json ? '' : '👤 ' });
if (!json) rl.prompt();
// Lines are handled strictly in order, even when they arrive faster than the answers.
let queue = Promise.resolve();
rl.on('line', (line) => {
  queue = queue.then(async () => {
    const result = await assistant.engine.handle(consoleChannel.toEvent(line));
    consoleChannel.print(result.replies);
    if (!json) rl.prompt();
  });
});
rl.on('close', () => {
  void queue.then(async () => {
    await assistant.stop();
    await database.close();
    process.exit(0);
  });
});
