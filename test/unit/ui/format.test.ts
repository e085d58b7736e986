import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatBytesOf,
  formatCount,
  formatDuration,
  formatRate,
  formatReason,
  formatTime,
  percentValue,
} from '../../../src/ui/format';

describe('formatBytes', () => {
  it('uses binary units with at most one decimal', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1)).toBe('1 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1 KiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(1.5 * 1024 * 1024)).toBe('1.5 MiB');
    expect(formatBytes(15.34 * 1024 * 1024)).toBe('15.3 MiB');
    expect(formatBytes(153.4 * 1024 * 1024)).toBe('153 MiB');
    expect(formatBytes(4 * 1024 ** 3)).toBe('4 GiB');
    expect(formatBytes(10 * 1024 ** 4)).toBe('10 TiB');
  });

  it('never shows 1024 of a unit', () => {
    expect(formatBytes(1024 * 1024 - 1)).toBe('1 MiB');
    expect(formatBytes(1024 ** 3 - 10)).toBe('1 GiB');
  });

  it('shows a dash for unknown or impossible sizes', () => {
    expect(formatBytes(undefined)).toBe('—');
    expect(formatBytes(null)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
    expect(formatBytes(-1)).toBe('—');
    expect(formatBytes(Number.POSITIVE_INFINITY)).toBe('—');
  });

  it('formats done of total', () => {
    expect(formatBytesOf(512 * 1024, 2 * 1024 * 1024)).toBe('512 KiB of 2 MiB');
  });
});

describe('formatDuration', () => {
  it('formats seconds, minutes, hours and days with two units at most', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(0.4)).toBe('< 1 s');
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(59.6)).toBe('1 min');
    expect(formatDuration(63)).toBe('1 min 3 s');
    expect(formatDuration(120)).toBe('2 min');
    expect(formatDuration(3600)).toBe('1 h');
    expect(formatDuration(7500)).toBe('2 h 5 min');
    expect(formatDuration(3 * 86400 + 4 * 3600 + 59)).toBe('3 d 4 h');
  });

  it('shows a dash when unknown', () => {
    expect(formatDuration(undefined)).toBe('—');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
    expect(formatDuration(-5)).toBe('—');
  });
});

describe('formatRate', () => {
  it('uses MB/s (10^6 bytes per second)', () => {
    expect(formatRate(0)).toBe('0 MB/s');
    expect(formatRate(450_000)).toBe('0.45 MB/s');
    expect(formatRate(1_000_000)).toBe('1.0 MB/s');
    expect(formatRate(12_345_678)).toBe('12.3 MB/s');
    expect(formatRate(412_000_000)).toBe('412 MB/s');
    expect(formatRate(undefined)).toBe('—');
  });
});

describe('percentValue', () => {
  it('clamps and rounds to an integer 0–100', () => {
    expect(percentValue(0)).toBe(0);
    expect(percentValue(36.4)).toBe(36);
    expect(percentValue(36.5)).toBe(37);
    expect(percentValue(99.6)).toBe(100);
    expect(percentValue(140)).toBe(100);
    expect(percentValue(-3)).toBe(0);
    expect(percentValue(Number.NaN)).toBe(0);
    expect(percentValue(undefined)).toBe(0);
  });
});

describe('formatTime', () => {
  it('shows only the time for today and the date for other days', () => {
    const now = new Date(2025, 2, 12, 15, 0, 0).getTime();
    const today = new Date(2025, 2, 12, 14, 3, 22).getTime();
    const earlier = new Date(2025, 2, 10, 9, 5, 0).getTime();
    expect(formatTime(today, now, 'en-GB')).toBe('14:03:22');
    expect(formatTime(earlier, now, 'en-GB')).toMatch(/10 Mar.*09:05/);
  });

  it('formats as toLocaleTimeString and toLocaleString do, locale after locale (formatters kept)', () => {
    const now = new Date(2025, 2, 12, 23, 0, 0).getTime();
    for (const locale of ['en-US', 'de-DE', 'ja-JP', 'en-US', undefined, 'de-DE'])
      for (let i = 0; i < 20; i++) {
        const t = now - i * 3_700_000;
        const d = new Date(t);
        const want =
          d.getDate() === 12
            ? d.toLocaleTimeString(locale, {
                hour: '2-digit',
                minute: '2-digit',
                second: '2-digit',
              })
            : d.toLocaleString(locale, {
                day: 'numeric',
                month: 'short',
                hour: '2-digit',
                minute: '2-digit',
              });
        expect(formatTime(t, now, locale), `${locale} ${d.toISOString()}`).toBe(want);
        expect(formatCount(t, locale)).toBe(t.toLocaleString(locale));
      }
  });
});

describe('formatReason', () => {
  it('turns reason ids into short phrases', () => {
    expect(formatReason('step-complete')).toBe('step complete');
    expect(formatReason('before-update')).toBe('before update');
    expect(formatReason('interval')).toBe('interval');
  });
});
