/**
 * The user's chunk size and checkpoint interval: by default each task's own (the engine takes
 * the workflow's), a number the user typed for every task, and stored settings of version 1
 * (which always held 4 MiB and 1000 ms) migrated so that untouched ones become each task's own.
 */
import { describe, expect, it } from 'vitest';
import type { Persistence } from '../../../src/engine';
import { checkpointCadence } from '../../../src/engine/checkpoint-policy';
import {
  SETTINGS_VERSION,
  defaultSettingsView,
  loadSettings,
  migrateSettings,
  saveSettings,
  settingsProblem,
  toEngineSettings,
} from '../../../src/app/settings';
import { csvProfileWorkflow } from '../../../src/workflows/csv/workflow';
import { fileOf, newWorld, openTab } from '../helpers/engine-harness';

/** The two calls settings.ts makes of the engine's persistence, over a Map. */
function memoryStore(initial?: unknown): Persistence & { raw: Map<string, unknown> } {
  const raw = new Map<string, unknown>();
  if (initial !== undefined) raw.set('app-settings', structuredClone(initial));
  return {
    raw,
    getSetting: (key: string) => Promise.resolve(structuredClone(raw.get(key))),
    setSetting: (key: string, value: unknown) => {
      raw.set(key, structuredClone(value));
      return Promise.resolve();
    },
  } as unknown as Persistence & { raw: Map<string, unknown> };
}

const MiB = 1024 * 1024;

describe("settings: each task's own chunk size and checkpoint interval", () => {
  it("defaults to each task's own, which the engine gets as no override", () => {
    const s = defaultSettingsView();
    expect(s.chunkSizeMiB).toBeNull();
    expect(s.checkpointEveryMs).toBeNull();
    expect(settingsProblem(s)).toBeUndefined();
    const e = toEngineSettings(s);
    // Present and undefined: Engine.updateSettings assigns it, clearing an earlier override.
    expect(Object.hasOwn(e, 'chunkSize') && e.chunkSize === undefined).toBe(true);
    expect(Object.hasOwn(e, 'checkpointEveryMs') && e.checkpointEveryMs === undefined).toBe(true);
  });

  it('maps an explicit value to bytes and ms, and still checks its limits', () => {
    const s = { ...defaultSettingsView(), chunkSizeMiB: 0.5, checkpointEveryMs: 250 };
    expect(toEngineSettings(s)).toMatchObject({ chunkSize: 512 * 1024, checkpointEveryMs: 250 });
    expect(settingsProblem({ ...s, chunkSizeMiB: 0 })).toMatch(/Chunk size/);
    expect(settingsProblem({ ...s, checkpointEveryMs: 10 })).toMatch(/Checkpoint interval/);
  });

  it("migrates version 1's untouched 4 MiB and 1000 ms to each task's own, keeps chosen ones", () => {
    // Version 1 stored every field (no version), the old defaults included.
    const untouched = migrateSettings({ chunkSizeMiB: 4, checkpointEveryMs: 1000, workers: 3 });
    expect(untouched).toMatchObject({ chunkSizeMiB: null, checkpointEveryMs: null, workers: 3 });
    const chosen = migrateSettings({ chunkSizeMiB: 16, checkpointEveryMs: 250 });
    expect(chosen).toMatchObject({ chunkSizeMiB: 16, checkpointEveryMs: 250 });
    const mixed = migrateSettings({ chunkSizeMiB: 4, checkpointEveryMs: 3000 });
    expect(mixed).toMatchObject({ chunkSizeMiB: null, checkpointEveryMs: 3000 });
    expect(migrateSettings(undefined)).toEqual(defaultSettingsView());
  });

  it('keeps a 4 MiB / 1000 ms chosen after the upgrade (saved as version 2) across loads', async () => {
    const store = memoryStore({ chunkSizeMiB: 4, checkpointEveryMs: 1000, keepCheckpoints: 7 });
    const loaded = await loadSettings(store);
    expect(loaded).toMatchObject({
      chunkSizeMiB: null,
      checkpointEveryMs: null,
      keepCheckpoints: 7,
    });
    await saveSettings(store, { ...loaded, chunkSizeMiB: 4, checkpointEveryMs: 1000 });
    expect(store.raw.get('app-settings')).toMatchObject({ version: SETTINGS_VERSION });
    const again = await loadSettings(store);
    expect(again).toMatchObject({ chunkSizeMiB: 4, checkpointEveryMs: 1000, keepCheckpoints: 7 });
    expect(again).not.toHaveProperty('version');
    await saveSettings(store, { ...again, chunkSizeMiB: null });
    expect(await loadSettings(store)).toMatchObject({
      chunkSizeMiB: null,
      checkpointEveryMs: 1000,
    });
  });

  it("gives a new CSV profile run the workflow's own chunk size and cadence unless one is set", async () => {
    // The reference: what the CSV workflow declares (8 MiB, 5 s), not the app's mapping.
    const own = { chunk: csvProfileWorkflow.chunkSize, ms: csvProfileWorkflow.checkpointEveryMs };
    expect(own).toEqual({ chunk: 8 * MiB, ms: 5000 });
    const world = newWorld([csvProfileWorkflow]);
    const tab = await openTab(world, { settings: toEngineSettings(defaultSettingsView()) });
    const csv = () => fileOf(new TextEncoder().encode('a,b\n1,2\n'), 'p.csv');
    const chunkOf = async (id: string) => (await tab.store.getRun(id))!.chunkSize;
    const cadence = () => checkpointCadence(tab.engine.settings, csvProfileWorkflow).everyMs;

    expect(await chunkOf(await tab.engine.start('csv-profile', csv(), {}))).toBe(own.chunk);
    expect(cadence()).toBe(own.ms);

    const set = { ...defaultSettingsView(), chunkSizeMiB: 2, checkpointEveryMs: 300 };
    tab.engine.updateSettings(toEngineSettings(set));
    expect(await chunkOf(await tab.engine.start('csv-profile', csv(), {}))).toBe(2 * MiB);
    expect(cadence()).toBe(300);

    // Emptied again: the override is gone, not left at 2 MiB.
    tab.engine.updateSettings(
      toEngineSettings({ ...set, chunkSizeMiB: null, checkpointEveryMs: null }),
    );
    expect(await chunkOf(await tab.engine.start('csv-profile', csv(), {}))).toBe(own.chunk);
    expect(cadence()).toBe(own.ms);
    await tab.close();
  });
});
