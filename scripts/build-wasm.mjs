// Assembles src/workflows/search/wasm/scan.wat into scan-module.ts, the bytes as base64, so that
// workers, Node tests and the build load it with no loader or fetch. Run after editing the .wat:
// `npm run build:wasm`; a unit test fails while the two disagree.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../src/workflows/search/wasm');

/** The module's bytes, assembled from the .wat text. */
export async function assembleScan() {
  const wabt = await wabtInit();
  const mod = wabt.parseWat('scan.wat', fs.readFileSync(path.join(dir, 'scan.wat'), 'utf8'), {
    simd: true,
  });
  try {
    mod.validate();
    return mod.toBinary({}).buffer;
  } finally {
    mod.destroy();
  }
}

/** scan-module.ts for the given bytes. */
export function moduleSource(bytes) {
  return (
    '// Generated from scan.wat by scripts/build-wasm.mjs (`npm run build:wasm`). Do not edit.\n' +
    // Laid out as prettier lays it out, so `npm run check` passes on a fresh build.
    `export const SCAN_WASM =\n  '${Buffer.from(bytes).toString('base64')}';\n`
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bytes = await assembleScan();
  fs.writeFileSync(path.join(dir, 'scan-module.ts'), moduleSource(bytes));
  console.log(`scan.wasm: ${bytes.length} bytes → src/workflows/search/wasm/scan-module.ts`);
}
