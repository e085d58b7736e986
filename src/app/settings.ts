/** User settings: stored in IndexedDB (through the engine's persistence), mapped to the engine. */
import type { EngineSettings, Persistence } from '../engine';
import { DEFAULT_CHECKPOINT_MS, defaultSettings } from '../engine';
import type { SettingsView } from './types';

const KEY = 'app-settings';

/**
 * The stored record's format. 1 (no `version`): chunk size and checkpoint interval were always
 * numbers, 4 MiB and 1000 ms unless changed. 2: null for "each task's own".
 */
export const SETTINGS_VERSION = 2;

/** Version 1's chunk size and interval, which every user had who never changed them. */
const V1_CHUNK_MIB = 4;
const V1_CHECKPOINT_MS = DEFAULT_CHECKPOINT_MS;

export function defaultSettingsView(): SettingsView {
  const e = defaultSettings();
  return {
    // Each task's own: a CSV profile's 8 MiB and 5 s, every other task's 4 MiB and 1 s.
    chunkSizeMiB: null,
    checkpointEveryMs: null,
    keepCheckpoints: e.keepCheckpoints,
    workers: e.workers,
    resumeAutomatically: e.resumeAutomatically,
    inputMode: 'opfs',
    keepInputCopies: e.keepInputCopies,
    searchLineCap: 10_000,
    developerTasks: false,
  };
}

type StoredSettings = Partial<SettingsView> & { version?: number };

/**
 * A stored record of any version as this version's settings. Version 1 stored every field, so
 * a chunk size of 4 MiB or an interval of 1000 ms is what a user had who never changed it (the
 * old defaults) and becomes each task's own; any other value was chosen and is kept.
 */
export function migrateSettings(saved: StoredSettings | undefined): SettingsView {
  const { version, ...fields } = saved ?? {};
  const s: SettingsView = { ...defaultSettingsView(), ...fields };
  if ((version ?? 1) < 2) {
    if (s.chunkSizeMiB === V1_CHUNK_MIB) s.chunkSizeMiB = null;
    if (s.checkpointEveryMs === V1_CHECKPOINT_MS) s.checkpointEveryMs = null;
  }
  return s;
}

export async function loadSettings(store: Persistence): Promise<SettingsView> {
  const saved = await store.getSetting<StoredSettings>(KEY).catch(() => undefined);
  return migrateSettings(saved);
}

export async function saveSettings(store: Persistence, s: SettingsView): Promise<void> {
  await store.setSetting(KEY, { ...s, version: SETTINGS_VERSION });
}

/** Checks a settings change; returns a message naming the bad field, if any. */
export function settingsProblem(s: SettingsView): string | undefined {
  if (s.chunkSizeMiB !== null && !(s.chunkSizeMiB >= 1 / 1024 && s.chunkSizeMiB <= 256))
    return 'Chunk size must be between 1 KiB and 256 MiB.';
  if (
    s.checkpointEveryMs !== null &&
    !(s.checkpointEveryMs >= 100 && s.checkpointEveryMs <= 600_000)
  )
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

/**
 * The engine's view of the user's settings. "Each task's own" is no override (undefined, set
 * as such so that it clears an earlier one): the engine then takes each workflow's own.
 */
export function toEngineSettings(s: SettingsView): Partial<EngineSettings> {
  return {
    chunkSize: s.chunkSizeMiB === null ? undefined : Math.round(s.chunkSizeMiB * 1024 * 1024),
    checkpointEveryMs: s.checkpointEveryMs ?? undefined,
    keepCheckpoints: s.keepCheckpoints,
    workers: s.workers,
    resumeAutomatically: s.resumeAutomatically,
    keepInputCopies: s.keepInputCopies,
  };
}
