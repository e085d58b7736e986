import { describe, expect, it } from 'vitest';
import { WorkflowRegistry } from '../../../src/engine/workflow';
import { builtinWorkflows } from '../../../src/workflows';
import { driveWorkflow } from '../helpers/drive';
import { utf8 } from './support/fixtures';

describe('builtinWorkflows', () => {
  it('lists the tasks in menu order with their contract labels', () => {
    expect(builtinWorkflows.map((w) => [w.id, w.label])).toEqual([
      ['sha256', 'SHA-256'],
      ['sha1', 'SHA-1'],
      ['sha512', 'SHA-512'],
      ['md5', 'MD5'],
      ['blake3', 'BLAKE3'],
      ['xxhash64', 'xxHash64'],
      ['crc32', 'CRC32'],
      ['multi-hash', 'Several digests'],
      ['csv-profile', 'CSV profile'],
      ['search', 'Search'],
      ['gzip', 'Gzip'],
      ['count', 'Count'],
    ]);
    new WorkflowRegistry().register(...builtinWorkflows);
  });

  it('each has its version (a migration from every older one) and a one-line summary of a real result', async () => {
    // Search 2: partials keep their lines in columns.
    const versions: Record<string, number> = { search: 3 };
    for (const w of builtinWorkflows) {
      expect(w.version, w.id).toBe(versions[w.id] ?? 1);
      if (w.version > 1) expect(w.migrateState, w.id).toBeTypeOf('function');
      const params = w.id === 'search' ? { pattern: 'b' } : {};
      const { result } = await driveWorkflow(w, utf8('a,b\n1,2\n'), params, { chunkSize: 3 });
      const summary = w.summarize?.(result, { ...w.params.defaults, ...params });
      expect(summary, w.id).toMatch(/\S/);
      expect(summary, w.id).not.toContain('\n');
      // Results are plain data: they go into IndexedDB and the downloaded JSON.
      expect(JSON.parse(JSON.stringify(result)), w.id).toEqual(result);
    }
  });
});
