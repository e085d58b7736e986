;; Search's hot loops in WebAssembly SIMD: the literal finder, match counting and newline
;; counting, 16 bytes at a time. JavaScript has no SIMD, and a byte-at-a-time Horspool loop in
;; a worker ran at a quarter of grep's speed.
;;
;; Built into scan-module.ts by `npm run build:wasm` (wabt); a unit test checks that the two
;; agree. All addresses are byte offsets into the exported memory, which JavaScript fills: the
;; pattern and its fold masks (see `setup`), then the bytes being searched.
(module
  (memory (export "memory") 1 32768)

  ;; The pattern: its bytes (A–Z already folded to a–z when folding) and, at $mask, one byte per
  ;; pattern byte that is ORed into the text byte before comparing: 0x20 where a letter folds, so
  ;; "E" | 0x20 = "e", and 0 elsewhere. (x | 0x20 = a lower-case letter only for its two cases.)
  (global $pat (mut i32) (i32.const 0))
  (global $mask (mut i32) (i32.const 0))
  (global $len (mut i32) (i32.const 1))
  ;; Matching lines found by the last `count`, and where its last match ended (its `from` when
  ;; it found none): a line's matches go on in the next chunk from there.
  (global $lines (mut i32) (i32.const 0))
  (global $after (mut i32) (i32.const 0))

  (func (export "setup") (param $pat i32) (param $len i32)
    (global.set $pat (local.get $pat))
    (global.set $len (local.get $len))
    (global.set $mask (i32.add (local.get $pat) (local.get $len))))

  (func (export "lines") (result i32) (global.get $lines))
  (func (export "after") (result i32) (global.get $after))
  ;; What the last `collect` saw: matches in the lines it wrote, and where it stopped.
  (global $found (mut i32) (i32.const 0))
  (global $stop (mut i32) (i32.const 0))
  (func (export "found") (result i32) (global.get $found))
  (func (export "stop") (result i32) (global.get $stop))

;; 1 when the pattern occurs at $p, compared 8 bytes at a time (most patterns are one word):
  ;; (text | mask) = pattern, the last word cut to the pattern's length. Reading up to 7 bytes
  ;; past a pattern or a text is safe: JavaScript keeps 16 spare bytes after each.
  (func $matchesAt (param $p i32) (result i32)
    (local $k i32) (local $rest i64)
    (block $words
      (loop $word
        (br_if $words (i32.gt_u (i32.add (local.get $k) (i32.const 8)) (global.get $len)))
        (if (i64.ne
              (i64.or (i64.load align=1 (i32.add (local.get $p) (local.get $k)))
                      (i64.load align=1 (i32.add (global.get $mask) (local.get $k))))
              (i64.load align=1 (i32.add (global.get $pat) (local.get $k))))
          (then (return (i32.const 0))))
        (local.set $k (i32.add (local.get $k) (i32.const 8)))
        (br $word)))
    (if (i32.eq (local.get $k) (global.get $len)) (then (return (i32.const 1))))
    ;; The low (len − k) bytes of a word: x86 and WebAssembly are little-endian.
    (local.set $rest
      (i64.sub
        (i64.shl (i64.const 1)
                 (i64.extend_i32_u (i32.shl (i32.sub (global.get $len) (local.get $k)) (i32.const 3))))
        (i64.const 1)))
    (i64.eq
      (i64.and (local.get $rest)
        (i64.or (i64.load align=1 (i32.add (local.get $p) (local.get $k)))
                (i64.load align=1 (i32.add (global.get $mask) (local.get $k)))))
      (i64.and (local.get $rest) (i64.load align=1 (i32.add (global.get $pat) (local.get $k))))))

    ;; Start of the first match lying wholly in [$from, $to), or -1. Each 16-byte step keeps the
  ;; positions whose first and last bytes both fit the pattern (Muła's filter), which leaves few
  ;; to check byte by byte even for short patterns in plain text.
  (func $find (export "find") (param $from i32) (param $to i32) (result i32)
    (local $i i32) (local $last i32) (local $bits i32) (local $j i32)
    (local $vf v128) (local $vl v128) (local $mf v128) (local $ml v128)
    (local.set $last (i32.sub (global.get $len) (i32.const 1)))
    (local.set $vf (i8x16.splat (i32.load8_u (global.get $pat))))
    (local.set $mf (i8x16.splat (i32.load8_u (global.get $mask))))
    (local.set $vl (i8x16.splat (i32.load8_u (i32.add (global.get $pat) (local.get $last)))))
    (local.set $ml (i8x16.splat (i32.load8_u (i32.add (global.get $mask) (local.get $last)))))
    (local.set $i (local.get $from))
    (block $scalar
      (loop $block
        ;; Whole 16-byte steps only: the last byte read is $i + $last + 15 < $to.
        (br_if $scalar
          (i32.gt_u (i32.add (i32.add (local.get $i) (local.get $last)) (i32.const 16))
                    (local.get $to)))
        (local.set $bits
          (i8x16.bitmask
            (v128.and
              (i8x16.eq (v128.or (v128.load align=1 (local.get $i)) (local.get $mf))
                        (local.get $vf))
              (i8x16.eq (v128.or (v128.load align=1 (i32.add (local.get $i) (local.get $last)))
                                 (local.get $ml))
                        (local.get $vl)))))
        (block $done
          (loop $candidate
            (br_if $done (i32.eqz (local.get $bits)))
            (local.set $j (i32.add (local.get $i) (i32.ctz (local.get $bits))))
            (if (call $matchesAt (local.get $j)) (then (return (local.get $j))))
            (local.set $bits
              (i32.and (local.get $bits) (i32.sub (local.get $bits) (i32.const 1))))
            (br $candidate)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $block)))
    (block $none
      (loop $tail
        (br_if $none (i32.ge_u (i32.add (local.get $i) (local.get $last)) (local.get $to)))
        (if (call $matchesAt (local.get $i)) (then (return (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail)))
    (i32.const -1))

  ;; The first "\n" in [$from, $to), or $to.
  (func $lineEnd (export "lineEnd") (param $from i32) (param $to i32) (result i32)
    (local $i i32) (local $bits i32) (local $nl v128)
    (local.set $nl (i8x16.splat (i32.const 10)))
    (local.set $i (local.get $from))
    (block $scalar
      (loop $block
        (br_if $scalar (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $to)))
        (local.set $bits
          (i8x16.bitmask (i8x16.eq (v128.load align=1 (local.get $i)) (local.get $nl))))
        (if (local.get $bits)
          (then (return (i32.add (local.get $i) (i32.ctz (local.get $bits))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $block)))
    (block $none
      (loop $tail
        (br_if $none (i32.ge_u (local.get $i) (local.get $to)))
        (if (i32.eq (i32.load8_u (local.get $i)) (i32.const 10))
          (then (return (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail)))
    (local.get $to))

;; Matches (left to right, not overlapping) in [$from, $to), where $from starts a line; the
  ;; matching lines go to $lines and the end of the last match to $after. A pattern never holds "\n", so no match crosses a line end.
  ;; The 16-byte filter of `find` runs inline here, without a call and a new setup per match,
  ;; which is most of the cost where matches are dense.
  (func (export "count") (param $from i32) (param $to i32) (result i32)
    (local $i i32) (local $last i32) (local $bits i32) (local $j i32)
    (local $next i32) (local $end i32) (local $matches i32) (local $lines i32)
    (local $vf v128) (local $vl v128) (local $mf v128) (local $ml v128)
    (local.set $last (i32.sub (global.get $len) (i32.const 1)))
    (local.set $vf (i8x16.splat (i32.load8_u (global.get $pat))))
    (local.set $mf (i8x16.splat (i32.load8_u (global.get $mask))))
    (local.set $vl (i8x16.splat (i32.load8_u (i32.add (global.get $pat) (local.get $last)))))
    (local.set $ml (i8x16.splat (i32.load8_u (i32.add (global.get $mask) (local.get $last)))))
    (local.set $i (local.get $from))
    ;; $next: where the next match may start (matches do not overlap). $end: the "\n" ending
    ;; the last matching line, -1 (above every address, unsigned) before the first.
    (local.set $next (local.get $from))
    (local.set $end (i32.const -1))
    (block $scalar
      (loop $block
        (br_if $scalar
          (i32.gt_u (i32.add (i32.add (local.get $i) (local.get $last)) (i32.const 16))
                    (local.get $to)))
        (local.set $bits
          (i8x16.bitmask
            (v128.and
              (i8x16.eq (v128.or (v128.load align=1 (local.get $i)) (local.get $mf))
                        (local.get $vf))
              (i8x16.eq (v128.or (v128.load align=1 (i32.add (local.get $i) (local.get $last)))
                                 (local.get $ml))
                        (local.get $vl)))))
        (block $done
          (loop $candidate
            (br_if $done (i32.eqz (local.get $bits)))
            (local.set $j (i32.add (local.get $i) (i32.ctz (local.get $bits))))
            (local.set $bits
              (i32.and (local.get $bits) (i32.sub (local.get $bits) (i32.const 1))))
            (if (i32.and (i32.ge_u (local.get $j) (local.get $next))
                         (call $matchesAt (local.get $j)))
              (then
                (local.set $matches (i32.add (local.get $matches) (i32.const 1)))
                (local.set $next (i32.add (local.get $j) (global.get $len)))
                (if (i32.or (i32.eq (local.get $end) (i32.const -1))
                            (i32.gt_u (local.get $j) (local.get $end)))
                  (then
                    (local.set $lines (i32.add (local.get $lines) (i32.const 1)))
                    (local.set $end (call $lineEnd (local.get $next) (local.get $to)))))))
            (br $candidate)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $block)))
    (block $none
      (loop $tail
        (br_if $none (i32.ge_u (i32.add (local.get $i) (local.get $last)) (local.get $to)))
        (if (i32.and (i32.ge_u (local.get $i) (local.get $next))
                     (call $matchesAt (local.get $i)))
          (then
            (local.set $matches (i32.add (local.get $matches) (i32.const 1)))
            (local.set $next (i32.add (local.get $i) (global.get $len)))
            (if (i32.or (i32.eq (local.get $end) (i32.const -1))
                        (i32.gt_u (local.get $i) (local.get $end)))
              (then
                (local.set $lines (i32.add (local.get $lines) (i32.const 1)))
                (local.set $end (call $lineEnd (local.get $next) (local.get $to)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail)))
    (global.set $lines (local.get $lines))
    (global.set $after (local.get $next))
    (local.get $matches))

  ;; The first $max matching lines in [$from, $to), where $from starts a line: for each, three
  ;; i32 at $out: its start, its end (its "\n", or $to) and the "\n" bytes from the previous
  ;; one's start ($from for the first) to its start. Returns how many; `found` is the matches in
  ;; them, `stop` where they end (after the last one's "\n", or $to when the range is done).
  (func (export "collect") (param $from i32) (param $to i32) (param $max i32) (param $out i32)
    (result i32)
    (local $p i32) (local $n i32) (local $start i32) (local $end i32) (local $prev i32)
    (local $matches i32)
    (local.set $prev (local.get $from))
    ;; Where the lines end so far: stopping before any (max 0) stops at $from.
    (global.set $stop (local.get $from))
    (local.set $p (call $find (local.get $from) (local.get $to)))
    (block $done
      (loop $line
        (br_if $done (i32.ge_u (local.get $n) (local.get $max)))
        (if (i32.eq (local.get $p) (i32.const -1))
          (then
            (global.set $stop (local.get $to))
            (br $done)))
        ;; Back from the match to the line's start: never past $prev, the last line's start.
        (local.set $start (local.get $p))
        (block $found
          (loop $back
            (br_if $found (i32.le_u (local.get $start) (local.get $prev)))
            (br_if $found
              (i32.eq (i32.load8_u (i32.sub (local.get $start) (i32.const 1))) (i32.const 10)))
            (local.set $start (i32.sub (local.get $start) (i32.const 1)))
            (br $back)))
        (local.set $end (call $lineEnd (i32.add (local.get $p) (global.get $len)) (local.get $to)))
        (i32.store (local.get $out) (local.get $start))
        (i32.store offset=4 (local.get $out) (local.get $end))
        (i32.store offset=8 (local.get $out) (call $newlines (local.get $prev) (local.get $start)))
        (local.set $out (i32.add (local.get $out) (i32.const 12)))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (local.set $prev (local.get $start))
        ;; Every match of the line: they cannot cross its end.
        (loop $more
          (local.set $matches (i32.add (local.get $matches) (i32.const 1)))
          (local.set $p
            (call $find (i32.add (local.get $p) (global.get $len)) (local.get $end)))
          (br_if $more (i32.ne (local.get $p) (i32.const -1))))
        (if (i32.ge_u (local.get $end) (local.get $to))
          (then
            (global.set $stop (local.get $to))
            (br $done)))
        (global.set $stop (i32.add (local.get $end) (i32.const 1)))
        (local.set $p (call $find (global.get $stop) (local.get $to)))
        (br $line)))
    (global.set $found (local.get $matches))
    (local.get $n))

  ;; "\n" bytes in [$from, $to). Byte lanes count up to 4 × 63 = 252 steps before they are
  ;; widened into 32-bit sums, so no lane can wrap.
  (func $newlines (export "newlines") (param $from i32) (param $to i32) (result i32)
    (local $i i32) (local $n i32) (local $steps i32) (local $nl v128) (local $acc v128)
    (local $sum v128)
    (local.set $nl (i8x16.splat (i32.const 10)))
    (local.set $i (local.get $from))
    (block $wide
      (loop $batch
        (br_if $wide (i32.gt_u (i32.add (local.get $i) (i32.const 64)) (local.get $to)))
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (local.set $steps (i32.const 0))
        (block $full
          (loop $step
            (br_if $full (i32.gt_u (i32.add (local.get $i) (i32.const 64)) (local.get $to)))
            (local.set $acc (i8x16.sub (local.get $acc)
              (i8x16.eq (v128.load align=1 (local.get $i)) (local.get $nl))))
            (local.set $acc (i8x16.sub (local.get $acc)
              (i8x16.eq (v128.load offset=16 align=1 (local.get $i)) (local.get $nl))))
            (local.set $acc (i8x16.sub (local.get $acc)
              (i8x16.eq (v128.load offset=32 align=1 (local.get $i)) (local.get $nl))))
            (local.set $acc (i8x16.sub (local.get $acc)
              (i8x16.eq (v128.load offset=48 align=1 (local.get $i)) (local.get $nl))))
            (local.set $i (i32.add (local.get $i) (i32.const 64)))
            (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
            (br_if $step (i32.lt_u (local.get $steps) (i32.const 63)))))
        (local.set $sum (i32x4.add (local.get $sum)
          (i32x4.extadd_pairwise_i16x8_u (i16x8.extadd_pairwise_i8x16_u (local.get $acc)))))
        (br $batch)))
    (local.set $n
      (i32.add
        (i32.add (i32x4.extract_lane 0 (local.get $sum)) (i32x4.extract_lane 1 (local.get $sum)))
        (i32.add (i32x4.extract_lane 2 (local.get $sum)) (i32x4.extract_lane 3 (local.get $sum)))))
    (block $none
      (loop $tail
        (br_if $none (i32.ge_u (local.get $i) (local.get $to)))
        (if (i32.eq (i32.load8_u (local.get $i)) (i32.const 10))
          (then (local.set $n (i32.add (local.get $n) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail)))
    (local.get $n)))
