// The Python example seller (python/seller.py). Debian's python3-cryptography installs for /usr/bin/python3, which
// is not always the `python3` first on PATH (pyenv, venvs): the first interpreter that imports `cryptography` wins.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describeNonNodeSeller } from './seller-suite';

const SELLER_DIR = fileURLToPath(new URL('../python', import.meta.url));
const CANDIDATES = ['/usr/bin/python3', 'python3'];

/** The first candidate interpreter that runs Python 3.10+ and imports `cryptography`. */
const python = CANDIDATES.find(
  (candidate) =>
    spawnSync(candidate, ['-c', 'import sys, cryptography; assert sys.version_info >= (3, 10)'], {
      stdio: 'ignore',
    }).status === 0,
);

describeNonNodeSeller({
  name: 'Python seller',
  missing: () =>
    python === undefined
      ? `no Python 3.10+ with the cryptography package (tried ${CANDIDATES.join(', ')}; apt-get install python3-cryptography)`
      : undefined,
  prepare: () => ({ command: python!, args: ['seller.py'], cwd: SELLER_DIR }),
});
