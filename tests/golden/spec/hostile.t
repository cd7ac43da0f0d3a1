# Hostile specs stay bounded (issue 5 §4).  Expressions deeper than 1000
# levels (nested parentheses, unary operators, or a long sum, which is a
# deep tree too) are errors at the token that crosses the limit: the 1001st
# '(' or '!' after `event f = e where ` (18 columns) is column 18 + 1001 =
# 1019, the 1001st '-' after `  s -> s on e when ` (19) is 1020, and in the sum
# `x + x + ...` the 1000th '+' (the tree x+x is 2 levels high, each '+' adds
# one, so the 1000th makes 1001) is at column 19 + 4*999 + 2 = 4017.  At the
# limit, 998 '-' over x then '==' is exactly 1000 levels: it loads and its
# guard holds for x = 1 (an even number of negations), so the check passes.
# Large but legal specs load in well under a second each: 100 000 events
# and 100 000 constants, a 2000-deep chain of derived events (the last one
# ticks with the first: `d0 precedes d1999` is violated at once, exit 1),
# and a DOT model of 32 000 states in a ring.  Long lines are cut with
# head: the excerpt under the message repeats the whole line.
$ awk 'BEGIN { printf "event e(x)\nevent f = e where "; for (i = 0; i < 100000; i++) printf "("; printf "x"; for (i = 0; i < 100000; i++) printf ")"; print "" }' > d.sm; specmon lint d.sm > diag.txt 2>&1; echo "exit $?"; head -1 diag.txt
exit 2
d.sm:2:1019: error: expression nested too deeply (more than 1000 levels)
$ awk 'BEGIN { printf "event e(x)\nevent f = e where x"; for (i = 1; i < 100000; i++) printf " + x"; print "" }' > d.sm; specmon lint d.sm > diag.txt 2>&1; echo "exit $?"; head -1 diag.txt
exit 2
d.sm:2:4017: error: expression nested too deeply (more than 1000 levels)
$ awk 'BEGIN { printf "event e(x)\nevent f = e where "; for (i = 0; i < 100000; i++) printf "!"; print "x" }' > d.sm; specmon lint d.sm > diag.txt 2>&1; echo "exit $?"; head -1 diag.txt
exit 2
d.sm:2:1019: error: expression nested too deeply (more than 1000 levels)
$ awk 'BEGIN { printf "event e(x)\nautomaton m {\n  initial s\n  s -> s on e when "; for (i = 0; i < 100000; i++) printf "-"; print "x == 1\n}" }' > d.sm; specmon lint d.sm > diag.txt 2>&1; echo "exit $?"; head -1 diag.txt
exit 2
d.sm:4:1020: error: expression nested too deeply (more than 1000 levels)
$ awk 'BEGIN { printf "event e(x)\nautomaton m {\n  initial s\n  s -> s on e when "; for (i = 0; i < 998; i++) printf "-"; print "x == 1\n}" }' > d.sm; echo '{"event":"e","x":1}' | specmon check --quiet d.sm
$ awk 'BEGIN { for (i = 0; i < 100000; i++) printf "event e%d(x)\nconst C%d = %d\n", i, i, i; print "property p: e0 precedes e99999" }' > many.sm; specmon lint many.sm
$ awk 'BEGIN { print "event d0(x)"; for (i = 1; i < 2000; i++) printf "event d%d = d%d where x == %d\n", i, i - 1, 1; print "property p: d0 precedes d1999" }' > chain.sm; echo '{"event":"d0","x":1}' | specmon check --quiet chain.sm
[1]
$ awk 'BEGIN { n = 32000; print "digraph m {\n  {node [shape = plaintext] \"__init_s0\"};"; for (i = 0; i < n; i++) printf "  {node [shape = plaintext] \"s%d\"};\n", i; print "  \"__init_s0\" -> \"s0\";"; for (i = 0; i + 1 < n; i++) printf "  \"s%d\" -> \"s%d\" [label = \"e%d\"];\n", i, i + 1, i; printf "  \"s%d\" -> \"s0\" [label = \"back\"];\n}\n", n - 1 }' > big.dot; printf 'automaton m from "big.dot"\n' > big.sm; specmon lint big.sm
$ specmon lint /dev/zero
specmon: error: cannot read spec '/dev/zero': larger than the 16 MiB limit
[2]
