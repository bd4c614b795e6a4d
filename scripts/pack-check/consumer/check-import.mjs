// Probes every entry point through ESM `import()` and prints the results as one JSON line.
import { runProbes } from './probes.mjs';

const results = await runProbes({
  load: (specifier) => import(specifier),
  resolve: (specifier) => import.meta.resolve(specifier),
});
process.stdout.write(`${JSON.stringify({ format: 'import', results })}\n`);
// Exit explicitly: a probe that leaked a handle must not hang the check.
process.exit(0);
