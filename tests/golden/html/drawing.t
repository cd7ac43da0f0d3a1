# How the HTML page draws an automaton and a long history (rpc.sm, one
# request at a time per id; rpc.jsonl: 35 req/ack pairs of id 1, then an
# ack in state idle, line 71).  The spec's edges from a node to the same
# node share one arrow, its data-edge listing them: 0 and 1 (the two req
# edges idle -> busy, a label line each), 2 and 3 (ack and cancel, busy ->
# idle); 4 the `*` edge, from the "any state" box.  The page draws them
# once, plain (the arrows between states, then the loops); the card draws
# those idle allows again over them (0 and 1, class allowed: green), and
# their label lines.  busy shows its invariant.  With --history 100 the
# instance has 70 entries; the timeline shows the last 39 and the
# violation (40 rows), and says how many came before (31); every row shown
# has its time since the one before, the first too (since the last row
# left out).
# A label longer than 32 characters shows 31 and an ellipsis, counted as
# characters, not bytes: `e [s == "` (9) and 22 of the guard's 25 é (2
# bytes each).  The label's line and the arrow have the edge whole as
# their tooltip, as the text report says it, with its line (the page's
# drawing, then the card's highlight).
# The automaton is drawn once for the page, not once per card: big60.sm
# has 60 states (a cycle s0 -> ... -> s59 -> s0 on e, f only in s0), each
# of 3000 instances refuses f in s1; the 1000 cards use the drawing by
# reference, so s30 is drawn once, and the page is under 4 MB (27.7 MB
# when each card drew the automaton again).
# An automaton of 61 states (a chain s0 -> ... -> s60 on e; the 61st e has
# no edge in s60) is too large to draw: the page says so, and where to get
# a drawing.
$ specmon check --quiet --history 100 --html page.html tests/golden/html/rpc.sm tests/golden/html/rpc.jsonl
[1]
$ grep -o '<g class="edge[^"]*" data-edge="[0-9 ]*"\|class="inv">[^<]*' page.html
<g class="edge" data-edge="0 1"
<g class="edge" data-edge="2 3"
<g class="edge any" data-edge="4"
class="inv">clk &lt; 1s
<g class="edge allowed" data-edge="0 1"
$ grep -o '<text[^>]*class="elabel[^"]*">[^<]*' page.html | sed 's/<text[^>]*class=//'
"elabel">req [kind == &quot;read&quot;]
"elabel">req [kind == &quot;write&quot;]
"elabel">ack
"elabel">cancel
"elabel">cancel
"elabel allowed">req [kind == &quot;read&quot;]
"elabel allowed">req [kind == &quot;write&quot;]
$ grep -o '<g class="tl-event' page.html | wc -l; grep -o '[^>]* earlier events not shown' page.html; grep -o 'class="tl-delta"' page.html | wc -l
40
… 31 earlier events not shown
40
$ awk 'BEGIN { print "event e(x)\nautomaton big {\n  initial s0"; for (i = 0; i < 60; i++) printf "  s%d -> s%d on e\n", i, i + 1; print "}" }' > big.sm; awk 'BEGIN { for (i = 0; i < 61; i++) print "{\"event\":\"e\",\"x\":1}" }' > big.jsonl; specmon check --quiet --html page.html big.sm big.jsonl 2>/dev/null
[1]
$ grep -c '<svg' page.html; grep -o '<p class="none">Too large[^<]*<code>[^<]*</code>[^<]*' page.html
1
<p class="none">Too large to draw here (61 states, 60 edges): <code>specmon graph</code> draws it with Graphviz.
$ printf 'event e(s)\nautomaton u {\n  initial a\n  final a, b\n  a -> b on e when s == "ééééééééééééééééééééééééé"\n}\n' > utf.sm; printf '{"event":"e","s":"x"}\n' > utf.jsonl; specmon check --quiet --html page.html utf.sm utf.jsonl
[1]
$ grep -o '<text[^>]*class="elabel[^"]*">[^<]*<title>[^<]*\|<g class="edge[^"]*" data-edge="0"><path[^>]*><polygon[^>]*><title>[^<]*' page.html | sed 's/<text[^>]*class=//; s/<path.*<title>/ <title>/'
<g class="edge" data-edge="0"> <title>e when s == &quot;ééééééééééééééééééééééééé&quot;   (utf.sm:5)
"elabel">e [s == &quot;éééééééééééééééééééééé…<title>e when s == &quot;ééééééééééééééééééééééééé&quot;   (utf.sm:5)
<g class="edge allowed" data-edge="0"> <title>e when s == &quot;ééééééééééééééééééééééééé&quot;   (utf.sm:5)
"elabel allowed">e [s == &quot;éééééééééééééééééééééé…<title>e when s == &quot;ééééééééééééééééééééééééé&quot;   (utf.sm:5)
$ awk 'BEGIN { print "event e(x)\nevent f(x)\nautomaton big per x {\n  initial s0\n  s0 -> s0 on f"; for (i = 0; i < 59; i++) printf "  s%d -> s%d on e\n", i, i + 1; print "  s59 -> s0 on e\n}" }' > big60.sm; awk 'BEGIN { for (i = 0; i < 3000; i++) printf "{\"event\":\"e\",\"x\":%d}\n{\"event\":\"f\",\"x\":%d}\n", i, i }' > big60.jsonl; specmon check --quiet --html page.html big60.sm big60.jsonl
[1]
$ grep -c '<article class="card violation"' page.html; grep -o 'data-state="s[0-9]*"' page.html | sort | uniq -c | sort -rn | head -3; [ "$(wc -c < page.html)" -lt 4000000 ] && echo "under 4 MB"
1000
   1001 data-state="s1"
      1 data-state="s9"
      1 data-state="s8"
under 4 MB
