# Integer literals up to 2^64-1 are read as their two's-complement value
# (DESIGN.md §2.2): 0xffffffffffffffff and 18446744073709551615 are both -1,
# so the guard holds for a trace value -1 (exit 0: no violation) and not for
# 1 (exit 1: violation); 2^64 is an error at the literal.  A spec that starts
# with a UTF-8 byte-order mark reads as without it: the spec below checks,
# and an error on line 1 has the column an editor shows (the BOM has no width).
$ printf '\357\273\277event e(x)\nautomaton m {\n  initial s\n  s -> s on e when x == 0xffffffffffffffff && x == 18446744073709551615\n}\n' > s.sm; printf '{"event":"e","x":-1}\n' > minus1.jsonl; specmon check --quiet s.sm minus1.jsonl
$ printf '{"event":"e","x":1}\n' > one.jsonl; specmon check --quiet s.sm one.jsonl
[1]
$ printf 'const A = -0x8000000000000000\nconst B = 0xffffffffffffffff + 1\nevent e(x)\nautomaton m {\n  initial s\n  s -> s on e when x == A - 1 && B == 0\n}\n' > s.sm; printf '{"event":"e","x":9223372036854775807}\n' > max.jsonl; specmon check --quiet s.sm max.jsonl
$ printf 'const C = 18446744073709551616\n' > s.sm; specmon lint s.sm
s.sm:1:11: error: number '18446744073709551616' does not fit in 64 bits (the largest is 18446744073709551615 or 0xffffffffffffffff)
    const C = 18446744073709551616
              ^~~~~~~~~~~~~~~~~~~~
[2]
$ printf 'const C = 0x10000000000000000\n' > s.sm; specmon lint s.sm
s.sm:1:11: error: number '0x10000000000000000' does not fit in 64 bits (the largest is 18446744073709551615 or 0xffffffffffffffff)
    const C = 0x10000000000000000
              ^~~~~~~~~~~~~~~~~~~
[2]
$ printf '\357\273\277event e(x\n' > s.sm; specmon lint s.sm
s.sm:1:10: error: expected ')' (to close '(' at line 1), found end of file
    event e(x
             ^
[2]
$ specmon lint /dev/zero
specmon: error: cannot read spec '/dev/zero': larger than the 16 MiB limit
[2]
$ printf 'automaton m from "/dev/zero"\n' > s.sm; specmon lint s.sm
s.sm:1:18: error: cannot read model '/dev/zero': larger than the 16 MiB limit
    automaton m from "/dev/zero"
                     ^~~~~~~~~~~
[2]
