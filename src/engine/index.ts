/**
 * Waymark's durable workflow engine, as a library.
 *
 * Declare a workflow with {@link defineWorkflow}; run it with an {@link Engine}; every run gets
 * numbered checkpoints in IndexedDB, a history with restore/fork/pin, versioned records with
 * migrations, and recovery after reloads and crashes. See docs/checkpointing.md.
 *
 * @packageDocumentation
 */
export {
  defineWorkflow,
  WorkflowRegistry,
  workflowResult,
  menuOrder,
  WORKFLOW_GROUPS,
  DEFAULT_CHUNK_SIZE,
} from './workflow';
export type {
  AnyWorkflow,
  Workflow,
  WorkflowBase,
  WorkflowDefinition,
  WorkflowGroup,
  WorkflowParams,
  ParamField,
  ParamKey,
  FieldOption,
  TextField,
  CheckboxField,
  SelectField,
  NumberField,
  MultiField,
  TaskStep,
  FoldStep,
  MapStep,
  AnyStep,
  StepContext,
  ChunkContext,
  FoldContext,
  ByteReader,
  OutputStore,
  ParamSpec,
  StateMigration,
} from './workflow';
export { Engine } from './engine';
export type { EngineOptions } from './engine';
export type { StartOptions } from './run-lifecycle';
export { WaymarkError, ERROR_MESSAGES, toWaymarkError, isRetryable, workflowError } from './errors';
export type { ErrorCode, ErrorDetails, ErrorSpec, ErrorTable, SerializedError } from './errors';
export {
  CheckpointManager,
  CheckpointPolicy,
  DEFAULT_CHECKPOINT_MS,
  checkpointCadence,
  retentionVictims,
  DEFAULT_RETENTION,
} from './checkpoint-manager';
export type {
  SaveRequest,
  RetentionOptions,
  CadenceSource,
  CheckpointCadence,
} from './checkpoint-manager';
export { retry, backoffDelay } from './retry';
export type { RetryOptions, RetryResult, RetryClock, Attempt } from './retry';
export { Persistence, openWaymarkDb, DB_VERSION, DEFAULT_DB_NAME } from './persistence';
export type { WaymarkDB, Db } from './persistence';
export { RecoveryManager, CRASH_LOOP_LIMIT } from './recovery-manager';
export type { RecoveryReport } from './recovery-manager';
export { sweepOrphanedRunFiles } from './storage-sweep';
export { EngineStorage } from './storage-actions';
export type { StorageReport, RunStorage } from './storage-report';
export { MAP_PIPELINE_DEPTH, WorkerPool } from './worker-pool';
export type { StepRunner, Spawn, SpawnedHost } from './worker-pool';
export type { CopyRunner } from './copy-behind';
export { workerSpawn } from './worker-spawn';
export { workerCombiner } from './combine-spawn';
export { localCombiner } from './combiner';
export type { Combiner, CombineHandle, CombineAnswer, CombineSnapshot } from './combiner';
export { serveCombiner } from './combine-host';
export { localSpawn } from './local-host';
export { serveWorkflows, type ServeOptions } from './worker-main';
export { serveReadAhead, type ReadAheadPort, type ReadAheadThread } from './read-ahead';
export { WebRunLocks, LeaseRunLocks, MemoryLockRegistry } from './locks';
export type { RunLocks } from './locks';
export { MemoryFileKeeper } from './file-keeper';
export type { FileKeeper } from './file-keeper';
export { keptFileNeeded } from './held-files';
export { MemoryFileStore } from './files';
export type { FileStore } from './files';
export { OpfsFileStore, opfsAvailable } from './opfs';
export { EventBus } from './events';
export type { CopyProgressInfo, EngineEvent, ProgressInfo } from './events';
export { defaultSettings } from './settings';
export type { EngineSettings } from './settings';
export type { DebugOptions, FaultSpec } from './debug';
export { FORMAT_VERSION } from './records';
export { MAX_RUN_EVENTS, type RunEvent, type RunEventKind } from './event-log';
export type {
  RunRecord,
  CheckpointRecord,
  RunStatus,
  InputMode,
  CheckpointReason,
} from './records';
