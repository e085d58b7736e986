/** User settings: stored in IndexedDB (through the engine's persistence), mapped to the engine. */
import type { EngineSettings, Persistence } from '../engine';
import { DEFAULT_CHECKPOINT_MS, defaultSettings } from '../engine';
import type { SettingsView } from './types';

const KEY = 'app-settings';

export function defaultSettingsView(): SettingsView {
  const e = defaultSettings();
  return {
    chunkSizeMiB: 4,
    checkpointEveryMs: DEFAULT_CHECKPOINT_MS,
    keepCheckpoints: e.keepCheckpoints,
    workers: e.workers,
    resumeAutomatically: e.resumeAutomatically,
    inputMode: 'opfs',
    keepInputCopies: e.keepInputCopies,
    searchLineCap: 10_000,
    developerTasks: false,
  };
}

export async function loadSettings(store: Persistence): Promise<SettingsView> {
  const saved = await store.getSetting<Partial<SettingsView>>(KEY).catch(() => undefined);
  return { ...defaultSettingsView(), ...(saved ?? {}) };
}

export async function saveSettings(store: Persistence, s: SettingsView): Promise<void> {
  await store.setSetting(KEY, { ...s });
}

/** Checks a settings change; returns a message naming the bad field, if any. */
export function settingsProblem(s: SettingsView): string | undefined {
  if (!(s.chunkSizeMiB >= 1 / 1024 && s.chunkSizeMiB <= 256))
    return 'Chunk size must be between 1 KiB and 256 MiB.';
  if (!(s.checkpointEveryMs >= 100 && s.checkpointEveryMs <= 600_000))
    return 'Checkpoint interval must be between 100 ms and 10 minutes.';
  if (!(Number.isInteger(s.keepCheckpoints) && s.keepCheckpoints >= 1 && s.keepCheckpoints <= 1000))
    return 'Keep checkpoints must be a whole number from 1 to 1000.';
  if (!(Number.isInteger(s.workers) && s.workers >= 1 && s.workers <= 64))
    return 'Workers must be a whole number from 1 to 64.';
  if (!(Number.isInteger(s.searchLineCap) && s.searchLineCap >= 0))
    return 'Search line cap must be a whole number.';
  return undefined;
}

/**
 * The params a workflow takes from the user's settings (its `params.fromSettings`), under the
 * caller's own: Search's line cap is the "Search line cap" setting unless a run says otherwise.
 */
export function withSettingParams(
  fromSettings: Readonly<Record<string, string>>,
  settings: SettingsView,
  params: Record<string, unknown>,
): Record<string, unknown> {
  const values: Record<string, unknown> = { ...settings };
  const filled: Record<string, unknown> = {};
  for (const [key, id] of Object.entries(fromSettings))
    if (Object.hasOwn(values, id)) filled[key] = values[id];
  return { ...filled, ...params };
}

/** The engine's view of the user's settings. */
export function toEngineSettings(s: SettingsView): Partial<EngineSettings> {
  return {
    chunkSize: Math.round(s.chunkSizeMiB * 1024 * 1024),
    checkpointEveryMs: s.checkpointEveryMs,
    keepCheckpoints: s.keepCheckpoints,
    workers: s.workers,
    resumeAutomatically: s.resumeAutomatically,
    keepInputCopies: s.keepInputCopies,
  };
}
