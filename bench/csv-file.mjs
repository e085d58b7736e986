// A messy CSV of any size for the CSV profile benchmark, in linear time: `columns` columns
// (default 20) cycling through ids, quoted names with commas and doubled quotes, e-mails with
// empties, dates, datetimes, decimals, booleans, quoted notes with line breaks; CRLF line ends.
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const MiB = 1024 * 1024;
const NAMES = ['Ada', 'Grace', 'Linus', 'Zoë', 'Søren', 'Émile', 'Ω', "O'Brien", 'Kim', 'Lee'];
const KINDS = ['id', 'name', 'email', 'date', 'datetime', 'decimal', 'bool', 'note', 'int', 'city'];
const CITIES = ['Paris', 'São Paulo', 'Zürich', 'Oslo', 'Lagos', 'Lima', 'Kyoto', 'Cork'];

/** Writes the file; returns its path. The same size and seed give the same bytes. */
export function makeCsvFile(dir, name, size, { seed = 1, columns = 20 } = {}) {
  const path = join(dir, name);
  const fd = openSync(path, 'w');
  let x = seed >>> 0 || 1;
  const rnd = () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
  const kinds = Array.from({ length: columns }, (_, i) => KINDS[i % KINDS.length]);
  const header = kinds.map((k, i) => `${k}_${i}`).join(',') + '\r\n';
  let written = writeSync(fd, Buffer.from(header));
  let row = 0;
  const field = (k) => {
    const r = rnd();
    switch (k) {
      case 'id':
        return String(row);
      case 'name': {
        const a = NAMES[r % NAMES.length];
        const b = NAMES[(r >>> 8) % NAMES.length];
        return r % 7 === 0 ? `"${b}, ${a} ""the ${a}"""` : `"${b}, ${a}"`;
      }
      case 'email':
        return r % 5 === 0
          ? ''
          : `${NAMES[r % 8].toLowerCase().replace(/\W/g, 'x')}${r % 1000}@example.org`;
      case 'date':
        return `${1990 + (r % 35)}-${String(1 + ((r >>> 6) % 12)).padStart(2, '0')}-${String(1 + ((r >>> 10) % 28)).padStart(2, '0')}`;
      case 'datetime':
        return `2024-${String(1 + (r % 12)).padStart(2, '0')}-${String(1 + ((r >>> 5) % 28)).padStart(2, '0')}T${String((r >>> 9) % 24).padStart(2, '0')}:${String((r >>> 14) % 60).padStart(2, '0')}:00Z`;
      case 'decimal':
        return `${r % 2 ? '-' : ''}${(r >>> 3) % 10000}.${String((r >>> 17) % 100).padStart(2, '0')}`;
      case 'bool':
        return r % 2 ? 'true' : 'false';
      case 'note':
        return r % 4 === 0
          ? ''
          : r % 3 === 0
            ? `"line one\r\nline ""two"", ${r % 97}"`
            : `"note ${r % 1000}"`;
      case 'int':
        return String((r >>> 4) % 100000);
      default:
        return CITIES[r % CITIES.length];
    }
  };
  const block = 4 * MiB;
  while (written < size) {
    const parts = [];
    let len = 0;
    while (len < block) {
      const line = kinds.map(field).join(',') + '\r\n';
      row++;
      parts.push(line);
      len += line.length;
    }
    const buf = Buffer.from(parts.join(''));
    const n = Math.min(buf.length, size - written);
    // Cut at a line end so the file ends with a whole record.
    const cut = n === buf.length ? n : buf.lastIndexOf(10, n - 1) + 1;
    if (cut <= 0) break;
    writeSync(fd, buf, 0, cut);
    written += cut;
    if (cut < buf.length) break;
  }
  closeSync(fd);
  return path;
}
