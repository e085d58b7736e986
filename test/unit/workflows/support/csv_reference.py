#!/usr/bin/env python3
"""Independent CSV profile with Python's csv module: the reference for csv-profile tests.

Usage: csv_reference.py FILE DELIMITER [QUOTE] [--records]
DELIMITER may be 'tab'; QUOTE is '"' (default), "'" or 'none' (quotes are ordinary characters).
With --records, prints the records (blank lines skipped) as JSON and nothing else. Otherwise
prints JSON: rows, raggedRows, header, and per column count, empty, distinct, text min/max
(code point order), numeric min/max (values matching the decimal grammar after trimming spaces
and tabs), min/max length and the top 10 values by count, ties by value.
"""
import collections
import csv
import json
import re
import sys

csv.field_size_limit(sys.maxsize)
DECIMAL = re.compile(r'^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$')

path, delim = sys.argv[1], sys.argv[2]
delim = '\t' if delim == 'tab' else delim
args = [a for a in sys.argv[3:] if a != '--records']
quote = args[0] if args else '"'
dialect = {'quoting': csv.QUOTE_NONE} if quote == 'none' else {'quotechar': quote}
with open(path, newline='', encoding='utf-8-sig', errors='replace') as f:
    records = [r for r in csv.reader(f, delimiter=delim, strict=False, **dialect) if r]
if '--records' in sys.argv:
    print(json.dumps(records))
    sys.exit(0)

header = records[0] if records else []
data = records[1:]
columns = []
for i, name in enumerate(header):
    values = [r[i] for r in data if i < len(r)]
    nonempty = [v for v in values if v != '']
    numbers = []
    for v in nonempty:
        t = v.strip(' \t')
        if DECIMAL.match(t):
            x = float(t)
            if x not in (float('inf'), float('-inf')):
                numbers.append(x)
    counts = collections.Counter(nonempty)
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    columns.append({
        'name': name,
        'count': len(values),
        'empty': len(values) - len(nonempty),
        'distinct': len(counts),
        'textMin': min(nonempty) if nonempty else None,
        'textMax': max(nonempty) if nonempty else None,
        'numMin': min(numbers) if numbers else None,
        'numMax': max(numbers) if numbers else None,
        'minLength': min(map(len, nonempty)) if nonempty else None,
        'maxLength': max(map(len, nonempty)) if nonempty else None,
        'top': [{'value': v, 'count': c} for v, c in top],
    })
print(json.dumps({
    'rows': len(data),
    'raggedRows': sum(1 for r in data if len(r) != len(header)),
    'columns': columns,
}))
