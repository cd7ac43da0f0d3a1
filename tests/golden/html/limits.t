# How the HTML page ends a long or stopped run.  many.trace: every line after
# the first opens dev=1 again, a violation of `open alternatesWith close`
# (3000 of them).  --max-violations 2: the page has the 2 violations found,
# says it stopped early, and has no pending instances (not reported) nor
# the vacuity warning about close (not checked after a stop).  Without it:
# 1000 cards in full, and a note for the 2000 left out; the header counts
# all 3000.
# A text longer than 1000 bytes (here a 3000-byte trace value) is cut on
# the page, with an ellipsis: the headline's 1000 bytes (48 before the
# value, 952 of it), then "…" (3 bytes in UTF-8); with the tag (23 bytes)
# and the newline, 1027.
# Interrupted (SIGINT, as in tests/golden/cli/interrupt.t: the a of dev 1
# pending, the b of dev 2 a violation), the run ends with the input read so
# far, and the page is complete and says so.
$ for n in $(seq 3001); do printf '  a-1 [000] ..... %s.0: open: dev=1\n' $n; done > many.trace; printf 'event open(dev)\nevent close(dev)\nproperty oc per dev: open alternatesWith close\n' > many.sm; specmon check --quiet --max-violations 2 --html page.html many.sm many.trace
[1]
$ grep -c '<article class="card violation"' page.html; grep -o '<p class="banner" id="stopped">[^<]*\|<p class="none">[^<]*' page.html; tail -1 page.html
2
<p class="banner" id="stopped">Stopped early: --max-violations reached. Pending instances were not reported.
<p class="none">Not reported: --max-violations stopped the run.
<p class="none">No warning.
</html>
$ specmon check --quiet --html page.html many.sm many.trace
[1]
$ grep -c '<article class="card violation"' page.html; grep -o '<p class="omitted"[^<]*\|<li id="n-violations"[^>]*><b>[0-9]*' page.html
1000
<li id="n-violations" class="bad"><b>3000
<p class="omitted" id="omitted-violations">2000 more violations not shown here: the page shows the first 1000 in full; the text and JSON reports have them all.
$ awk 'BEGIN { printf "{\"event\":\"b\",\"dev\":1,\"v\":\""; for (i = 0; i < 3000; i++) printf "x"; print "\"}" }' > long.jsonl; printf 'event a(dev, v)\nevent b(dev, v)\nproperty p per dev: a alternatesWith b\n' > long.sm; specmon check --quiet --html page.html long.sm long.jsonl
[1]
$ grep -o '<code class="headline">[^<]*' page.html | wc -c; grep -o '<code class="headline">[^<]*' page.html | grep -o '.\{12\}$'
1027
xxxxxxxxx…
$ mkfifo html.fifo; : > html-out.txt; (printf '{"event":"a","dev":1}\n{"event":"b","dev":2}\n'; exec sleep 60) > html.fifo & w=$!; env --default-signal=INT specmon check --html page.html tests/golden/cli/pair.sm html.fifo > html-out.txt 2> html-err.txt & m=$!; n=0; until grep -q violation html-out.txt || [ $n -ge 100 ]; do sleep 0.1; n=$((n+1)); done; kill -INT $m; wait $m; echo "exit status $?"; kill $w; grep -c '<article class="card violation"' page.html; grep -o '<p class="banner" id="interrupted">[^<]*\|<li class="pending-item"><code>[^<]*' page.html; tail -1 page.html
exit status 1
1
<p class="banner" id="interrupted">Interrupted: the verdict is of the input read so far.
<li class="pending-item"><code>html.fifo:1: pending pair[dev=1]: 1 a still waits for its b at the end of input
</html>
