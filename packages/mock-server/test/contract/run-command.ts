/** Runs `koogallery-mock contract <argv>` in-process and captures what it prints (the command tests). */
import { runContractCommand } from '../../src/cli/commands/contract';

/** The exit code and the text written to stdout and stderr, with `env` as the environment. */
export async function runContractCli(
  argv: string[],
  env: Record<string, string | undefined> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runContractCommand(argv, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    env,
  });
  return { code, stdout, stderr };
}
