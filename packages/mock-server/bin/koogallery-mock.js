#!/usr/bin/env node
// The `koogallery-mock` command. A checked-in file (not dist/cli.js itself) so that package managers can link the
// bin at install time, before the workspace is built.
import '../dist/cli.js';
