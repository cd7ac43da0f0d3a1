# Missed deadlines on the HTML page.  `within` (tests/golden/time/within.sm:
# done within 1s after start): the relation's line (the property's: shown
# once), the record that opened the deadline (line 1, at 1.0) and when it
# was due (2.0, passed by line 4); the b side missed it.  An automaton's
# invariant (tests/golden/time/stall.sm: enqueued, clk < 4s): since when
# (pid 1: line 3 at 5.0; pid 2: line 4 at 6.0), the state it overstayed
# highlighted, and no refused arrow: no event was refused (grep -c finds
# none: exit status 1).
$ specmon check --quiet --html page.html tests/golden/time/within.sm tests/golden/time/within.jsonl
[1]
$ grep -o '<dt>relation</dt>.*\|<dt>[a-z ]*</dt><dd class="mono">[^<]*' page.html
<dt>relation</dt><dd><span class="place">tests/golden/time/within.sm:3</span><code class="src">property resp per id: done within 1s after start</code></dd>
<dt>opened by</dt><dd class="mono">tests/golden/time/within.jsonl:1  1.0
<dt>deadline</dt><dd class="mono">2.0, passed by this record
$ grep -o '<g class="side [^"]*">' page.html
<g class="side a">
<g class="side b missed">
$ specmon check --quiet --html page.html tests/golden/time/stall.sm tests/golden/time/stall.jsonl
[1]
$ grep -o '<dt>since</dt><dd[^>]*>[^<]*\|<g class="state current[^"]*" data-state="[^"]*"' page.html
<dt>since</dt><dd class="mono">tests/golden/time/stall.jsonl:3  5.0
<g class="state current" data-state="enqueued"
<dt>since</dt><dd class="mono">tests/golden/time/stall.jsonl:4  6.0
<g class="state current" data-state="enqueued"
$ grep -c '<g class="refused">' page.html
0
[1]
