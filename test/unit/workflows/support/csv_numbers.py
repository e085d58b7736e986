#!/usr/bin/env python3
"""Per-column numbers of a CSV with Python's csv module, for the CSV profile tests.

Usage: csv_numbers.py FILE DELIMITER [QUOTE]
Prints JSON, one entry per header column: n (values matching the decimal grammar after
trimming spaces and tabs, finite), mean (statistics.fmean), stddev (statistics.stdev, n - 1),
and the exact quantiles p1 ... p99: the smallest value with at least N % of the numbers <= it
(numpy's inverted_cdf), computed with integer arithmetic on the rank.
"""
import csv
import json
import re
import statistics
import sys

csv.field_size_limit(sys.maxsize)
DECIMAL = re.compile(r'^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$')
path, delim = sys.argv[1], sys.argv[2]
delim = '\t' if delim == 'tab' else delim
quote = sys.argv[3] if len(sys.argv) > 3 else '"'
dialect = {'quoting': csv.QUOTE_NONE} if quote == 'none' else {'quotechar': quote}
with open(path, newline='', encoding='utf-8-sig', errors='replace') as f:
    records = [r for r in csv.reader(f, delimiter=delim, strict=False, **dialect) if r]
header = records[0] if records else []
out = []
for i, _ in enumerate(header):
    xs = []
    for r in records[1:]:
        if i < len(r) and r[i] != '':
            t = r[i].strip(' \t')
            if DECIMAL.match(t):
                x = float(t)
                if x not in (float('inf'), float('-inf')):
                    xs.append(x)
    xs.sort()
    n = len(xs)
    q = {}
    for p in (1, 5, 25, 50, 75, 95, 99):
        k = max(1, -(-p * n // 100))
        q['p%d' % p] = xs[k - 1] if n else None
    out.append({
        'n': n,
        'mean': statistics.fmean(xs) if n else None,
        'stddev': statistics.stdev(xs) if n > 1 else None,
        'quantiles': q if n else None,
        'sorted': xs if n <= 200000 else None,
    })
print(json.dumps(out))
