// Probes every entry point through CommonJS `require` and prints the results as one JSON line.
'use strict';

import('./probes.mjs')
  .then(({ runProbes }) => runProbes({ load: require, resolve: require.resolve }))
  .then((results) => {
    process.stdout.write(`${JSON.stringify({ format: 'require', results })}\n`);
    process.exit(0);
  })
  .catch((error) => {
    process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`);
    process.exit(1);
  });
