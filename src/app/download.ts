/** Saves a Blob as a file through a temporary link (the Blob may be disk-backed, e.g. OPFS). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Give the download time to start before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * "Download result" JSON: { task, params, input: { name, size }, result } (design.md), and, when
 * the user typed an "Expected hash", `expected` (as lowercase hex) and `match`.
 */
export function resultDocument(
  task: string,
  params: unknown,
  input: { name: string; size: number },
  result: unknown,
  check?: { expected: string; match: boolean },
) {
  const doc = { task, params, input: { name: input.name, size: input.size }, result };
  return check ? { ...doc, expected: check.expected, match: check.match } : doc;
}
