/**
 * The documented debug setting (README, "Debugging and fault injection"): a JSON object in
 * localStorage under `waymark:debug`. Off unless set. Tests use it to slow runs down, inject
 * worker and storage faults and override engine settings (and "Developer tasks"); the code
 * paths stay the production ones.
 */
import type { DebugOptions, EngineSettings } from '../engine';

export interface AppDebug extends DebugOptions {
  /** Engine settings, plus `developerTasks` (the app setting), for this page's life. */
  settings?: Partial<EngineSettings> & { developerTasks?: boolean };
}

export const DEBUG_KEY = 'waymark:debug';

export function readDebug(): AppDebug {
  try {
    const raw = typeof localStorage !== 'undefined' ? localStorage.getItem(DEBUG_KEY) : null;
    if (!raw) return {};
    const parsed = JSON.parse(raw) as AppDebug;
    return typeof parsed === 'object' && parsed ? parsed : {};
  } catch {
    return {};
  }
}
