/**
 * CSV profile state from versions 1 and 2, which were folds: one pass whose snapshot held the
 * parser in the middle of a record at any byte, and every exact distinct value of every column.
 * Version 3 is a map step whose state is a prefix of whole chunks with bounded summaries: a
 * fold snapshot cannot become one (its offset is no chunk boundary, its open record has no
 * place in a prefix, and its sketches hash strings the summaries never see). So such a run is
 * refused, and the engine shows it as saved by version 1 or 2 and to be started again, which
 * starts the profile over; it is never continued from a state it was not made from. A run
 * saved before its first byte (no state yet) carries over without a migration.
 */
import type { StateMigration } from '../../engine/workflow';

export const migrateCsvState: StateMigration = () => undefined;
