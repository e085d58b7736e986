// Makes sure a Chromium exists for the browser tests; installs Debian's as root when missing.
import { execSync } from 'node:child_process';
import { findChromium } from './chromium-path.mjs';

let found = findChromium();
if (!found && !process.env.CHROMIUM_PATH && process.getuid?.() === 0) {
  try {
    execSync('command -v apt-get', { stdio: 'ignore' });
    console.log('Installing Debian chromium for the browser tests (apt-get)…');
    execSync(
      'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium',
      {
        stdio: 'inherit',
      },
    );
  } catch {
    // Reported below.
  }
  found = findChromium();
}
if (!found) {
  console.error(
    'No Chromium found: install one (Debian: `sudo apt-get install chromium`) or set CHROMIUM_PATH=/path/to/chromium.',
  );
  process.exit(1);
}
console.log(`Chromium: ${found}`);
