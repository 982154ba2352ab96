#!/usr/bin/env node
// conduct-engine: judge incidents against the code of conduct from the
// command line. See `conduct-engine --help`; the code is in ../cli/.

import { main } from '../cli/main.mjs';

const { code, signal } = await main(process.argv.slice(2));
if (signal) {
  // Interrupted: everything judged is written; end by the same signal, so
  // that a shell (or a script's loop) sees the interruption for what it is.
  process.kill(process.pid, signal);
} else {
  process.exitCode = code;
}
