// `tsx src/main.ts --period YYYYMM --seller-db FILE` (the package's `start` script): see README.md or --help.
import { runReconciliation } from './reconciliation-script';

process.exitCode = await runReconciliation(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
