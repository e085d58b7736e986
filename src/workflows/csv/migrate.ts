/**
 * CSV profile state from versions 1 to 3. Versions 1 and 2 were folds: one pass whose snapshot
 * held the parser in the middle of a record at any byte, and every exact distinct value of every
 * column. Since version 3 it is a map step whose state is a prefix of whole chunks with bounded
 * summaries: a fold snapshot cannot become one (its offset is no chunk boundary, its open record
 * has no place in a prefix, and its sketches hash strings the summaries never see). Version 4
 * packs the summaries' snapshot differently (the exact values in one byte array, KLL levels kept
 * sorted). Repacking a version-3 partial would keep the old reader alive for a state that only
 * exists while a run runs, and a profile restarts in minutes at most. So such a run is refused,
 * and the engine shows it as saved by that version and to be started again, which starts the
 * profile over; it is never continued from a state it was not made from. A run saved before
 * its first byte (no state yet) carries over without a migration.
 */
import type { StateMigration } from '../../engine/workflow';

export const migrateCsvState: StateMigration = () => undefined;
