# A card's timeline (html_svg.c): the dots sit on the axis at x = 16, radius
# 5 (7 for the violation), and the drawing's box (its viewBox, 10 of margin
# around what is drawn) holds them and the axis, also without timestamps,
# where nothing is left of the axis: x from 16 - 7 - 10 = -1.  pair.sm, two
# a of dev 1 without ts: rows at y = 0 and 46; the axis from y = -10 (the
# box's top, -20 with the margin) down to the violation; the widest text is
# "line 2 · violation" at x = 34 (18 characters of 6.6: to 152.8), the
# lowest its baseline 66 (+ 3.3 below it): 163.8 wide, 99.3 high.
# An automaton imported from a DOT model (irq.dot, in the kernel's format,
# next to irq.sm), on records without ts: irq_poll (edge 0, a loop on
# masked) in unmasked, where only irq_mask (edge 2, irq.dot:11) is
# allowed: the page's drawing of it (edges 1, 2 and 0, the loop last; the
# states), then the card's highlights (edge 2, unmasked as current).  Four
# rows (y = 0 to 138); the widest text "line 4 · violation in state
# unmasked" (36 characters, to 271.6): 282.6 wide, 191.3 high.
# Times 18.4e9 s apart (their difference in ns does not fit in 64 bits):
# each row has its time, and the second no time since the first.
# A history the bounded log let go (--history 1: a log of 4096 steps):
# dev 1's a (line 1), then 2100 pairs of dev 2 (4200 steps, lines 2-4201)
# write over dev 1's step; dev 1's second a (line 4202) is a violation
# (an a still waits), and its card's timeline says the earlier steps are no
# longer kept, as the text report does, above the violating row alone.
$ printf '{"event":"a","dev":1}\n{"event":"a","dev":1}\n' > nots.jsonl; specmon check -q --html page.html tests/golden/cli/pair.sm nots.jsonl
[1]
$ grep -o 'class="timeline" viewBox="[^"]*"\|<circle[^>]*>\|<path class="tl-axis"[^>]*>' page.html
class="timeline" viewBox="-1.0 -20.0 163.8 99.3"
<path class="tl-axis" d="M16.0,-10.0 L16.0,46.0"/>
<circle cx="16.0" cy="0.0" r="5"/>
<circle cx="16.0" cy="46.0" r="7"/>
$ specmon check -q --html page.html tests/golden/html/irq.sm tests/golden/html/irq.jsonl
[1]
$ grep -o 'class="timeline" viewBox="[^"]*"\|<ul class="allowed">.*</ul>\|<g class="state[^"]*" data-state="[^"]*"\|<g class="edge[^"]*" data-edge="[^"]*"' page.html
<g class="edge" data-edge="1"
<g class="edge" data-edge="2"
<g class="edge" data-edge="0"
<g class="state final initial" data-state="unmasked"
<g class="state" data-state="masked"
<ul class="allowed"><li><code>irq_mask</code> <span class="place">tests/golden/html/irq.dot:11</span></li></ul>
class="timeline" viewBox="-1.0 -20.0 282.6 191.3"
<g class="edge allowed" data-edge="2"
<g class="state current final initial" data-state="unmasked"
$ printf '{"event":"a","dev":1,"ts":-9200000000}\n{"event":"a","dev":1,"ts":9200000000}\n' > far.jsonl; specmon check -q --html page.html tests/golden/cli/pair.sm far.jsonl
[1]
$ grep -o 'class="tl-\(time\|delta\)">[^<]*' page.html
class="tl-time">-9200000000
class="tl-time">9200000000
$ awk 'BEGIN { print "{\"event\":\"a\",\"dev\":1}"; for (i = 0; i < 2100; i++) print "{\"event\":\"a\",\"dev\":2}\n{\"event\":\"b\",\"dev\":2}"; print "{\"event\":\"a\",\"dev\":1}" }' > cut.jsonl; specmon check --history 1 --html page.html tests/golden/cli/pair.sm cut.jsonl | grep -v '^specmon:'
specmon: 4202 lines, 4202 events, 0 skipped lines; 1 violation, 1 pending
cut.jsonl:4202: violation of pair[dev=1]: a(dev=1) while a a still waits for its b
  relation: a alternatesWith b   (tests/golden/cli/pair.sm:3)
  allowed here: b
  history of pair[dev=1]:
    (earlier steps no longer kept: the history log is bounded)
cut.jsonl:1: pending pair[dev=1]: 1 a still waits for its b at the end of input
  history of pair[dev=1]:
    cut.jsonl:4202  a()   violation, ignored
$ grep -o 'earlier steps no longer kept' page.html
earlier steps no longer kept
