/**
 * Makes WaymarkErrors keep their `code` (and details) across the worker boundary. Comlink's own
 * "throw" handler sends only message/name/stack; this one wraps it. Import it on both sides.
 */
import { transferHandlers, type TransferHandler } from 'comlink';
import { WaymarkError, isSerializedError, type SerializedError } from './errors';

type Thrown = { value: unknown };
type Wire = { isError: boolean; value: unknown };

const original = transferHandlers.get('throw') as TransferHandler<Thrown, Wire>;

function asSerialized(v: unknown): SerializedError | undefined {
  if (v instanceof WaymarkError) return v.toJSON();
  if (isSerializedError(v)) return v;
  return undefined;
}

const handler: TransferHandler<Thrown, Wire> = {
  canHandle: (v): v is Thrown => original.canHandle(v),
  serialize(thrown) {
    const s = asSerialized(thrown.value);
    if (s) return [{ isError: false, value: { waymarkError: s } }, []];
    return original.serialize(thrown);
  },
  deserialize(wire) {
    const v = wire.value as { waymarkError?: SerializedError } | undefined;
    if (!wire.isError && v && v.waymarkError) throw WaymarkError.fromJSON(v.waymarkError);
    return original.deserialize(wire);
  },
};

transferHandlers.set('throw', handler as TransferHandler<unknown, unknown>);

export const COMLINK_ERRORS_INSTALLED = true;
