/**
 * The process entry of `koogallery-mock` (bundled as dist/cli.js): runs the command line and sets the exit code.
 * Kept apart from main.ts so that importing `runCli` never starts anything.
 */
import { EXIT } from './commands/help';
import { runCli } from './main';

runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `koogallery-mock: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = EXIT.FAILURE;
  },
);
