/**
 * `koogallery-mock`: the command-line entry (bin of @koogallery-kit/mock-server). Dispatches to the commands;
 * every command answers `--help`. Exit status: 0 success, 1 failure, 2 usage or configuration error.
 *
 * Only `start` is imported with this module: `trigger`, `call`, `contract` (the conformance suite) and `export` are
 * imported when run, so that `koogallery-mock start` does not load and evaluate their code.
 */
import { MOCK_VERSION } from '../config/version';
import { EXIT, mainHelpText, runHelpCommand, type CliIo } from './commands/help';
import { runStartCommand, type StartCommandIo } from './commands/start';

/** Runs the CLI with `argv` (the arguments after the program name); resolves with the exit code. */
export async function runCli(argv: readonly string[], io: CliIo & StartCommandIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case '-h':
    case '--help':
      io.stdout(mainHelpText(MOCK_VERSION));
      return command === undefined ? EXIT.USAGE : EXIT.OK;
    case '-v':
    case '--version':
      io.stdout(`${MOCK_VERSION}\n`);
      return EXIT.OK;
    case 'help':
      return runHelpCommand(rest, io, MOCK_VERSION);
    case 'start':
      return runStartCommand(rest, io);
    case 'trigger':
      return (await import('./commands/trigger')).runTriggerCommand(rest, io);
    case 'call':
      return (await import('./commands/call')).runCallCommand([...rest], io);
    case 'contract':
      return (await import('./commands/contract')).runContractCommand([...rest], io);
    case 'export':
      return (await import('./commands/export')).runExportCommand([...rest], io);
    default:
      io.stderr(
        `koogallery-mock: unknown command ${JSON.stringify(command)}; commands: start, trigger, call, contract, export, help.\nRun \`koogallery-mock --help\` for usage.\n`,
      );
      return EXIT.USAGE;
  }
}
