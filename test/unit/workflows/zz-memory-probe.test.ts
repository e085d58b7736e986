import { it } from 'vitest';
import { openSync, writeSync, closeSync } from 'node:fs';
import { searchFile } from './support/search-file-drive';
it('probe', async () => {
  const mib = Number(process.env.PROBE_MIB ?? 256);
  const path = `/tmp/search-mem/line-${mib}.txt`;
  const fd = openSync(path, 'w');
  const block = new Uint8Array(1 << 20).fill(0x78);
  block.set(new TextEncoder().encode('needle'), 1000);
  for (let i = 0; i < mib; i++) writeSync(fd, block);
  closeSync(fd);
  const base = process.resourceUsage().maxRSS;
  const r = await searchFile(path, { pattern: process.env.PROBE_PAT ?? 'needle', regex: process.env.PROBE_RE === '1' }, 1 << 20);
  console.log(JSON.stringify({ mib, matches: r.result.matches, lines: r.result.matchingLines, largestPartial: r.largestPartial, rssGrowthMB: r.rssGrowth / 1e6, bufferGrowthMB: r.bufferGrowth / 1e6, maxRSSMB: process.resourceUsage().maxRSS / 1e3, maxRSSGrowthMB: (process.resourceUsage().maxRSS - base) / 1e3 }));
}, 600_000);
