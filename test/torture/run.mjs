// npm run torture -- --kills N   (default 20). Serves the built app and runs the torture test.
import { spawn } from 'node:child_process';
import { torture } from './torture.mjs';

const argv = process.argv.slice(2);
const arg = (name, d) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : d;
};
const kills = arg('--kills', 20);
const port = arg('--port', 4176);
const server = spawn(
  process.execPath,
  ['node_modules/vite/bin/vite.js', 'preview', '--port', String(port), '--strictPort'],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
await new Promise((resolve) =>
  server.stdout.on('data', (d) => String(d).includes(String(port)) && resolve()),
);
let code;
try {
  const { failures } = await torture({
    kills,
    baseURL: `http://localhost:${port}`,
    seed: arg('--seed', 20261127),
  });
  for (const f of failures) console.error(`FAIL ${f}`);
  console.log(
    failures.length
      ? `torture: ${failures.length} failed`
      : 'torture: all kills within one checkpoint interval, results exact',
  );
  code = failures.length ? 1 : 0;
} catch (e) {
  console.error(e);
  code = 1;
} finally {
  server.kill();
}
process.exit(code);
