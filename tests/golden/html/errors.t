# The HTML page cannot be written: a FILE that cannot be created (a folder,
# a missing folder) stops the run before any input is read; writes that
# fail (/dev/full: the disk is full) are said at the end, after the
# summary.  Each names the file and says why; exit status 2, with --quiet
# too.  --html needs a file name.
# A reader that goes away (`| head -1`) is a write error, not the end of
# specmon: with --html, SIGPIPE is ignored, the error is said, reading
# stops, the page is still written whole, saying the run stopped early
# (id write-error), and the exit status is 2.  many.jsonl: 100000 a of
# dev 1, a violation each after the first, far more than a pipe holds; how
# many lines were read by then varies, so the summary line is left out.
# The page is written to a temporary file next to FILE (.FILE.XXXXXX) and
# renamed over FILE when whole: a page that cannot be written (here larger
# than the file size limit, ulimit -f 20, with SIGXFSZ ignored: "File too
# large") leaves the old page as it was, and no temporary file.  A page
# that replaces another keeps its mode (640); a symbolic link stays a
# link, the page replacing the file it names (1000 cards: the whole run).
# --html must not destroy what it names: a FILE that is the spec (also one
# found in the rule library), a trace, or standard input when that is read
# is refused before anything is read or written (exit status 2); so is an
# existing file that is not an HTML page (`check SPEC --html TRACE`, the
# trace left out by mistake: standard input is read, and TRACE would be
# lost).  Copies of the files: n.sm, t.trace, lib/n2.sm.
# --html - writes the page to standard output; the reports go there too,
# so it needs --quiet.  Standard output on a full disk: said, exit status 2.
$ specmon check --html /dev/full tests/golden/html/notify.sm examples/boot-cloud.trace > /dev/null
specmon: 1259 lines, 36 events, 0 skipped lines; 1 violation, 0 pending
specmon: error writing HTML report '/dev/full': No space left on device
[2]
$ specmon check --quiet --html /dev/full tests/golden/html/notify.sm examples/boot-cloud.trace
specmon: error writing HTML report '/dev/full': No space left on device
[2]
$ specmon check --html tests tests/golden/html/notify.sm examples/boot-cloud.trace
specmon: cannot write HTML report 'tests': Is a directory
[2]
$ specmon check --html no/such/page.html tests/golden/html/notify.sm examples/boot-cloud.trace
specmon: cannot write HTML report 'no/such/page.html': No such file or directory
[2]
$ specmon check tests/golden/html/notify.sm examples/boot-cloud.trace --html
specmon: --html needs a file name
(specmon check --help shows the usage)
[2]
$ specmon check --html= tests/golden/html/notify.sm examples/boot-cloud.trace
specmon: --html needs a file name
(specmon check --help shows the usage)
[2]
$ yes '{"event":"a","dev":1}' | head -100000 > many.jsonl; (specmon check --html page.html tests/golden/cli/pair.sm many.jsonl; echo "exit status $?" >&2) 2> err.txt | head -1; grep -v ' lines, ' err.txt; tail -1 page.html; grep -o '<p class="banner" id="write-error">[^<]*' page.html
many.jsonl:2: violation of pair[dev=1]: a(dev=1) while a a still waits for its b
specmon: error writing standard output: Broken pipe
tests/golden/cli/pair.sm:2: warning: event b matched no record
specmon: 1 warning
exit status 2
</html>
<p class="banner" id="write-error">Stopped early: the reports could not be written (Broken pipe). The verdict is of the input read until then.
$ specmon check --quiet --html page.html tests/golden/html/notify.sm examples/boot-cloud.trace; cp page.html old.html; chmod 640 page.html
$ (trap '' XFSZ; ulimit -f 20; specmon check --quiet --html page.html tests/golden/cli/pair.sm many.jsonl; echo "exit status $?"); cmp page.html old.html && echo "the old page is intact"; ls -a | grep '^\.page' | wc -l
specmon: error writing HTML report 'page.html': File too large
exit status 2
the old page is intact
0
$ ln -s page.html link.html; specmon check --quiet --html link.html tests/golden/cli/pair.sm many.jsonl; test -L link.html && echo "link.html is still a link"; stat -c %a page.html; grep -c '<article class="card violation"' page.html
link.html is still a link
640
1000
$ cp tests/golden/html/notify.sm n.sm; cp examples/boot-cloud.trace t.trace; mkdir lib; cp n.sm lib/n2.sm; cksum n.sm t.trace lib/n2.sm > sums
$ specmon check --html n.sm n.sm t.trace
specmon: the HTML report 'n.sm' would overwrite the spec: refusing to write it
[2]
$ specmon check --html t.trace n.sm tests/golden/html/irq.jsonl t.trace
specmon: the HTML report 't.trace' would overwrite the trace 't.trace': refusing to write it
[2]
$ specmon check n.sm --html t.trace < t.trace
specmon: the HTML report 't.trace' would overwrite standard input: refusing to write it
[2]
$ specmon check n.sm --html t.trace
specmon: 't.trace' exists and is not an HTML page: refusing to overwrite it with the HTML report (remove it first)
[2]
$ SPECMON_PATH=lib specmon check --html lib/n2.sm n2 t.trace
specmon: the HTML report 'lib/n2.sm' would overwrite the spec: refusing to write it
[2]
$ cksum n.sm t.trace lib/n2.sm | cmp - sums && echo "all three are intact"
all three are intact
$ specmon check --html - n.sm t.trace
specmon: --html - writes the page to standard output, where the reports go: add --quiet
(specmon check --help shows the usage)
[2]
$ specmon check --quiet --html - n.sm t.trace | sed -n '1p;$p'
<!DOCTYPE html>
</html>
$ specmon check --quiet --html - n.sm t.trace > /dev/full
specmon: error writing HTML report to standard output: No space left on device
[2]
