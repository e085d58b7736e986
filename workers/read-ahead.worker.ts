// Reads a fold's input ahead of it (nested in a step host worker).
import { serveReadAhead, type ReadAheadPort } from '../src/engine/read-ahead';

// The project's lib is the DOM's, whose `self` is a Window: a worker's is its own port.
serveReadAhead(self as unknown as ReadAheadPort);
