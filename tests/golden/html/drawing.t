# How the HTML page draws an automaton and a long history (rpc.sm, one
# request at a time per id; rpc.jsonl: 35 req/ack pairs of id 1, then an
# ack in state idle, line 71).  The spec's edges from a node to the same
# node share one arrow, its data-edge listing them: 0 and 1 (the two req
# edges idle -> busy, the ones idle allows: green, a label line each), 2
# and 3 (ack and cancel, busy -> idle); 4 the `*` edge, from the "any
# state" box.  busy shows its invariant.  With --history 100 the instance
# has 70 entries; the timeline shows the last 39 and the violation (40
# rows), and says how many came before (31).
# An automaton of 61 states (a chain s0 -> ... -> s60 on e; the 61st e has
# no edge in s60) is too large to draw: the page says so, and where to get
# a drawing.
$ specmon check --quiet --history 100 --html page.html tests/golden/html/rpc.sm tests/golden/html/rpc.jsonl
[1]
$ grep -o '<g class="edge[^"]*" data-edge="[0-9 ]*"\|class="inv">[^<]*' page.html
<g class="edge" data-edge="2 3"
<g class="edge any" data-edge="4"
<g class="edge allowed" data-edge="0 1"
class="inv">clk &lt; 1s
$ grep -o '<text[^>]*class="elabel[^"]*">[^<]*' page.html | sed 's/<text[^>]*class=//'
"elabel">ack
"elabel">cancel
"elabel">cancel
"elabel allowed">req [kind == &quot;read&quot;]
"elabel allowed">req [kind == &quot;write&quot;]
$ grep -o '<g class="tl-event' page.html | wc -l; grep -o '[^>]* earlier events not shown' page.html
40
… 31 earlier events not shown
$ awk 'BEGIN { print "event e(x)\nautomaton big {\n  initial s0"; for (i = 0; i < 60; i++) printf "  s%d -> s%d on e\n", i, i + 1; print "}" }' > big.sm; awk 'BEGIN { for (i = 0; i < 61; i++) print "{\"event\":\"e\",\"x\":1}" }' > big.jsonl; specmon check --quiet --html page.html big.sm big.jsonl 2>/dev/null
[1]
$ grep -c '<svg' page.html; grep -o '<p class="none">Too large[^<]*<code>[^<]*</code>[^<]*' page.html
1
<p class="none">Too large to draw here (61 states, 60 edges): <code>specmon graph</code> draws it with Graphviz.
