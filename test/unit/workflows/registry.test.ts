import { describe, expect, it } from 'vitest';
import { WorkflowRegistry, menuOrder } from '../../../src/engine/workflow';
import { builtinWorkflows } from '../../../src/workflows';
import { driveWorkflow } from '../helpers/drive';
import { utf8 } from './support/fixtures';

/**
 * What each built-in workflow says about itself, written out by hand: ids and labels are the
 * automation contract, groups and fields what the app offers. A change here is a change users
 * and scripts see.
 */
const EXPECTED: [id: string, label: string, group: string, fields: string[]][] = [
  ['sha256', 'SHA-256', 'Verify', []],
  ['sha1', 'SHA-1', 'Verify', []],
  ['sha512', 'SHA-512', 'Verify', []],
  ['md5', 'MD5', 'Verify', []],
  ['blake3', 'BLAKE3', 'Verify', []],
  ['xxhash64', 'xxHash64', 'Verify', []],
  ['crc32', 'CRC32', 'Verify', []],
  [
    'multi-hash',
    'Several digests',
    'Verify',
    ['multi algorithms "Algorithms": SHA-256, SHA-1, SHA-512, MD5, BLAKE3, xxHash64, CRC32'],
  ],
  [
    'csv-profile',
    'CSV profile',
    'Analyse',
    [
      'select delimiter "Delimiter": Auto, Comma, Tab, Semicolon, Pipe',
      'select quote "Quote character": Double ("), Single (\'), None',
    ],
  ],
  ['count', 'Count', 'Analyse', []],
  [
    'search',
    'Search',
    'Search',
    [
      'text pattern "Pattern"',
      'checkbox regex "Regular expression"',
      'checkbox ignoreCase "Ignore case"',
    ],
  ],
  ['gzip', 'Gzip', 'Convert', []],
  ['inspect', 'Inspect', 'Analyse', []],
  [
    'byte-histogram',
    'Byte histogram (example)',
    'Developer',
    ['number top "Most frequent values"'],
  ],
];

const describeFields = (w: (typeof builtinWorkflows)[number]) =>
  w.params.fields.map(
    (f) =>
      `${f.kind} ${f.key} "${f.label}"` +
      ('options' in f ? `: ${f.options.map((o) => o.label).join(', ')}` : ''),
  );

describe('the registry list', () => {
  it('holds each workflow with its contract label, group and fields', () => {
    expect(builtinWorkflows.map((w) => [w.id, w.label, w.group, describeFields(w)])).toEqual(
      EXPECTED,
    );
    // Registrable as one registry, ids unique.
    const registry = new WorkflowRegistry().register(...builtinWorkflows);
    expect(registry.list().map((w) => w.id)).toEqual(EXPECTED.map((e) => e[0]));
  });

  it('puts the Task menu in group order, the example only with developer tasks', () => {
    const labels = (dev: boolean) => menuOrder(builtinWorkflows, dev).map((w) => w.label);
    const user = [
      'SHA-256',
      'SHA-1',
      'SHA-512',
      'MD5',
      'BLAKE3',
      'xxHash64',
      'CRC32',
      'Several digests',
      'CSV profile',
      'Count',
      'Inspect',
      'Search',
      'Gzip',
    ];
    expect(labels(false)).toEqual(user);
    expect(labels(true)).toEqual([...user, 'Byte histogram (example)']);
    // The order comes from group and order, not from the list: reversed, the same menu.
    expect(menuOrder([...builtinWorkflows].reverse(), true).map((w) => w.label)).toEqual(
      labels(true),
    );
  });

  it('each has a one-line description, defaults its own validation accepts, and its field options pass it', () => {
    for (const w of builtinWorkflows) {
      expect(w.description, w.id).toMatch(/^[^\n]{20,80}$/);
      const params =
        w.id === 'search' ? { ...(w.params.defaults as object), pattern: 'x' } : w.params.defaults;
      expect(() => w.params.validate?.(params), w.id).not.toThrow();
      for (const f of w.params.fields) {
        if (f.kind !== 'select' && f.kind !== 'multi') continue;
        for (const o of f.options) {
          const value = f.kind === 'multi' ? [o.value] : o.value;
          expect(
            () => w.params.validate?.({ ...(params as object), [f.key]: value }),
            `${w.id} ${o.label}`,
          ).not.toThrow();
        }
      }
    }
  });

  it('each has its version (a migration from every older one) and a one-line summary of a real result', async () => {
    // Search 2: partials keep their lines in columns. CSV profile 3: a map step (v1/v2 refused).
    const versions: Record<string, number> = { search: 3, 'csv-profile': 4 };
    for (const w of builtinWorkflows) {
      expect(w.version, w.id).toBe(versions[w.id] ?? 1);
      if (w.version > 1) expect(w.migrateState, w.id).toBeTypeOf('function');
      const params: Record<string, unknown> = w.id === 'search' ? { pattern: 'b' } : {};
      const { result } = await driveWorkflow(w, utf8('a,b\n1,2\n'), params, { chunkSize: 3 });
      const summary = w.summarize?.(result, { ...(w.params.defaults as object), ...params });
      expect(summary, w.id).toMatch(/\S/);
      expect(summary, w.id).not.toContain('\n');
      // Results are plain data: they go into IndexedDB and the downloaded JSON.
      expect(JSON.parse(JSON.stringify(result)), w.id).toEqual(result);
    }
  });
});
