// What the command-line tools share: their arguments (with --help and --lang), their messages in the
// staff's language through i18next (Vietnamese unless --lang en; keys under locales/<lang>/cli.json),
// and their exit when run as a program. Depends on node and core/i18n only, so any layer's tool can use it.
import { pathToFileURL } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { TFunction } from 'i18next';
import { initI18n, translator } from './i18n';
import type { Lang } from './types';

/** Where a tool writes; tests pass their own to read what it says. */
export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** True on a terminal: show a progress bar instead of a summary line. */
  tty: boolean;
}

export const processIO: CliIO = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  tty: Boolean(process.stderr.isTTY),
};

type Options = NonNullable<ParseArgsConfig['options']>;

const COMMON = {
  help: { type: 'boolean', short: 'h', default: false },
  lang: { type: 'string', default: 'vi' },
} as const;

type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O & typeof COMMON; allowPositionals: true; strict: true }>>;

export interface Cli<O extends Options> {
  values: Parsed<O>['values'];
  positionals: string[];
  lang: Lang;
  /** A translator in the tool's language. */
  t: TFunction;
  /** The tool's help text. */
  help: () => string;
}

export interface CliSpec<O extends Options> {
  /** The npm script, e.g. 'db:backup'; its messages are under cli:db.backup.* (help: cli:db.backup.help). */
  command: string;
  options: O;
  /** Whether the tool takes arguments besides its options (file names, a message). */
  positionals?: boolean;
  /** The key of the help text when it is not cli:<command>.help. */
  helpKey?: string;
  /** Values the help text names ({{…}}). */
  helpValues?: Record<string, string | number>;
}

/** The language asked for on the command line, read even when the rest of it is wrong. */
export function langOf(argv: readonly string[]): Lang {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  if (i < 0) return 'vi';
  const value = argv[i]!.includes('=') ? argv[i]!.slice('--lang='.length) : argv[i + 1];
  return value === 'en' ? 'en' : 'vi';
}

/** A translator for a tool's messages in the language of argv. */
export async function cliTranslator(argv: readonly string[]): Promise<TFunction> {
  await initI18n();
  return translator(langOf(argv));
}

/** node:util parseArgs errors said in the tool's language, with where to find the help. */
function argsError(t: TFunction, command: string, e: unknown): string {
  const err = e as { code?: string; message: string };
  const name = /'([^']+)'/.exec(err.message)?.[1] ?? '';
  const what =
    err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
      ? t('cli:args.unknown_option', { name })
      : err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE'
        ? t('cli:args.needs_value', { name: name.split(' ')[0] })
        : err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'
          ? t('cli:args.unexpected', { name })
          : t('cli:args.invalid');
  return `${what} ${t('cli:args.see_help', { command })}`;
}

/**
 * Reads a tool's arguments. Returns the exit code instead when the tool should stop there: 0 after
 * printing the help (--help), 2 after saying what is wrong with the arguments.
 */
export async function cliArgs<const O extends Options>(spec: CliSpec<O>, argv: string[], io: CliIO = processIO): Promise<Cli<O> | number> {
  const lang = langOf(argv);
  await initI18n();
  const t = translator(lang);
  const help = () => t(spec.helpKey ?? `cli:${spec.command.replace(':', '.')}.help`, spec.helpValues ?? {});
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...spec.options, ...COMMON }, allowPositionals: Boolean(spec.positionals), strict: true });
  } catch (e) {
    io.stderr(`${argsError(t, spec.command, e)}\n`);
    return 2;
  }
  if ((parsed.values as { help?: boolean }).help) {
    io.stdout(`${help()}\n`);
    return 0;
  }
  return { values: parsed.values as Parsed<O>['values'], positionals: parsed.positionals, lang, t, help };
}

/** cliArgs for a tool written as a script: exits where cliArgs would return an exit code. */
export async function cliArgsOrExit<const O extends Options>(spec: CliSpec<O>, argv = process.argv.slice(2)): Promise<Cli<O>> {
  const cli = await cliArgs(spec, argv);
  if (typeof cli === 'number') process.exit(cli);
  return cli;
}

/**
 * Runs a tool when its file is the program started (not when a test imports it), and exits with the
 * code it returns. An unexpected error prints the tool's failure line (`failureKey`, with {{error}}).
 */
export function runAsProgram(moduleUrl: string, run: (argv: string[]) => Promise<number>, failureKey: string): void {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  const argv = process.argv.slice(2);
  run(argv).then(
    (code) => process.exit(code),
    async (err: unknown) => {
      const t = await cliTranslator(argv);
      console.error(t(failureKey, { error: err instanceof Error ? err.message : String(err) }));
      process.exit(1);
    },
  );
}
