/*
 * Waymark's file keeper, inside the service worker (the generated sw.js imports it: see
 * vite.config.ts). It holds the File a page picked while the run's copy into OPFS needs it, so
 * that a reload of the page goes on copying without asking for the file. Memory only, on
 * purpose: a File is a reference to the user's file, not its bytes, and it cannot outlive the
 * browser anyway. A browser restart, or the worker stopped for being idle, empties it; the page
 * pings every few seconds while it holds files, which keeps the worker alive and puts back what
 * a restarted worker lost. The page's side and the protocol: src/app/sw-file-keeper.ts.
 */
const waymarkKept = new Map();

self.addEventListener('message', (event) => {
  const m = event.data;
  const port = event.ports && event.ports[0];
  if (!m || typeof m.waymarkKeeper !== 'string' || !port) return;
  const op = m.waymarkKeeper;
  if (op === 'hold' && m.file instanceof Blob) {
    waymarkKept.set(m.runId, m.file);
    port.postMessage({ ok: true });
  } else if (op === 'get') {
    port.postMessage({ file: waymarkKept.get(m.runId) });
  } else if (op === 'release') {
    waymarkKept.delete(m.runId);
    port.postMessage({ ok: true });
  } else if (op === 'list') {
    port.postMessage({ runIds: [...waymarkKept.keys()] });
  } else if (op === 'ping') {
    const asked = Array.isArray(m.runIds) ? m.runIds : [];
    port.postMessage({ missing: asked.filter((id) => !waymarkKept.has(id)) });
  } else {
    port.postMessage({ error: `unknown keeper request ${op}` });
  }
});
