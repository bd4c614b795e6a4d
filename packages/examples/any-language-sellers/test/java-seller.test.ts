// The Java example seller (java/): compiled with javac and packed with jar into a temporary directory, then run
// as `java -jar seller.jar` (the manifest opens the JDK package it needs, see ExactHeaderNames.java).
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeNonNodeSeller } from './seller-suite';

const JAVA_DIR = fileURLToPath(new URL('../java', import.meta.url));
const SOURCES = path.join(JAVA_DIR, 'src/example/koogallery');

/** Major version of the JDK on PATH, or undefined when javac, jar or java is missing. */
function jdkVersion(): number | undefined {
  for (const tool of ['java', 'jar']) {
    if (spawnSync(tool, ['--version'], { stdio: 'ignore' }).status !== 0) return undefined;
  }
  const javac = spawnSync('javac', ['-version'], { encoding: 'utf8' });
  const match = /javac (\d+)/.exec(`${javac.stdout ?? ''}${javac.stderr ?? ''}`);
  return javac.status === 0 && match ? Number(match[1]) : undefined;
}

describeNonNodeSeller({
  name: 'Java seller',
  missing: () => {
    const version = jdkVersion();
    if (version === undefined)
      return 'no JDK (java, javac, jar) on PATH (apt-get install openjdk-17-jdk-headless)';
    return version < 17 ? `the JDK on PATH is ${version}; the seller needs 17 or later` : undefined;
  },
  prepare: (workDir) => {
    const classes = path.join(workDir, 'classes');
    const sources = readdirSync(SOURCES)
      .filter((f) => f.endsWith('.java'))
      .map((f) => path.join(SOURCES, f));
    execFileSync('javac', ['-Xlint:all', '-Werror', '--release', '17', '-d', classes, ...sources], {
      stdio: 'pipe',
    });
    const jar = path.join(workDir, 'seller.jar');
    const manifest = path.join(JAVA_DIR, 'manifest.txt');
    execFileSync('jar', ['--create', '--file', jar, '--manifest', manifest, '-C', classes, 'example'], {
      stdio: 'pipe',
    });
    return { command: 'java', args: ['-jar', jar], cwd: workDir };
  },
});
