#!/usr/bin/env python3
"""Prints how GNU wc 9.1 (glibc, C.UTF-8) classifies every code point for `wc -w`.

Used to generate and to verify WC_CLASS_RANGES in src/workflows/count/char-classes.ts.
wc 9.1 counts a word as a run of printable (iswprint) characters that are neither iswspace
nor one of its "non-breaking spaces" (U+00A0, U+2007, U+202F, U+2060); the ASCII controls
\\t \\n \\v \\f \\r and space always separate. Other non-printable characters neither start
nor end a word (they are transparent), like invalid bytes.

Output: tokens "<delta in base 36><class>" where class is W (word), S (separator) or
T (transparent) and delta is the distance from the previous range start.
"""
import ctypes
import ctypes.util
import sys

LC_ALL = 6
libc = ctypes.CDLL(ctypes.util.find_library('c'))
libc.setlocale.restype = ctypes.c_char_p
if not libc.setlocale(LC_ALL, b'C.UTF-8'):
    sys.exit('C.UTF-8 locale unavailable')
libc.iswprint.argtypes = [ctypes.c_uint32]
libc.iswspace.argtypes = [ctypes.c_uint32]

NBSP = {0xA0, 0x2007, 0x202F, 0x2060}
HARD_SEPARATORS = {9, 10, 11, 12, 13, 32}


def klass(c):
    if c in HARD_SEPARATORS:
        return 'S'
    if libc.iswprint(c):
        return 'S' if (libc.iswspace(c) or c in NBSP) else 'W'
    return 'T'


def b36(n):
    digits = '0123456789abcdefghijklmnopqrstuvwxyz'
    s = ''
    while True:
        s = digits[n % 36] + s
        n //= 36
        if n == 0:
            return s


out = []
prev_class = None
prev_start = 0
for c in range(0x110000):
    k = klass(c)
    if k != prev_class:
        out.append(b36(c - prev_start) + k)
        prev_start = c
        prev_class = k
print(''.join(out))
