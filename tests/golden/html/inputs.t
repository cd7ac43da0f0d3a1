# needs: libtracecmd
# The page's header lists the inputs asked for, in their order, and an
# input that could not be opened or read is no clean page: a banner
# (id input-error) names each such input with why, as the error on
# standard error does, the input is marked (class failed) in the list,
# and "0 violations" is not green (class good) then.  Exit status 2, as
# for any input error.
# nosuch.trace cannot be opened; boot-cloud.trace, after it, is read (its
# violation is on the page).  Standard input that is a folder cannot be
# read: with --quiet the error is still said (as the page and the exit
# status tell it), `specmon: -: read error: Is a directory`.
# A file read as a trace.dat (--format dat) that is none: the reader's
# words (so the file needs a build with libtracecmd).  Two
# inputs that failed: the banner counts them.  All input read, no banner.
$ specmon check --quiet --html page.html tests/golden/html/notify.sm nosuch.trace examples/boot-cloud.trace
specmon: cannot open trace 'nosuch.trace': No such file or directory
[2]
$ grep -o '<dt>inputs\?</dt><dd>.*</dd></dl>\|<li id="n-violations"[^>]*><b>[0-9]*\|<div class="banner error".*</div>' page.html
<dt>inputs</dt><dd><code class="failed">nosuch.trace</code>, <code>examples/boot-cloud.trace</code></dd></dl>
<li id="n-violations" class="bad"><b>1
<div class="banner error" id="input-error"><p>An input could not be read: the verdict is of the input that was.</p><ul><li><code>nosuch.trace</code>: cannot open: No such file or directory</li></ul></div>
$ specmon check --quiet --html page.html tests/golden/cli/pair.sm < tests
specmon: -: read error: Is a directory
[2]
$ grep -o '<dt>inputs\?</dt><dd>.*</dd></dl>\|<li id="n-violations"[^>]*><b>[0-9]*\|<div class="banner error".*</div>' page.html
<dt>input</dt><dd><code class="failed">-</code></dd></dl>
<li id="n-violations"><b>0
<div class="banner error" id="input-error"><p>An input could not be read: the verdict is of the input that was.</p><ul><li><code>-</code>: read error: Is a directory</li></ul></div>
$ specmon check --quiet --format dat --html page.html tests/golden/cli/pair.sm tests/golden/html/irq.jsonl nosuch.trace
specmon: tests/golden/html/irq.jsonl: not a trace.dat: it does not start with trace-cmd's magic bytes (\027\010Dtracing); without --format dat, the format is told from the input
specmon: cannot open trace 'nosuch.trace': No such file or directory
[2]
$ grep -o '<dt>inputs\?</dt><dd>.*</dd></dl>\|<li id="n-violations"[^>]*><b>[0-9]*\|<div class="banner error".*</div>' page.html
<dt>inputs</dt><dd><code class="failed">tests/golden/html/irq.jsonl</code>, <code class="failed">nosuch.trace</code></dd></dl>
<li id="n-violations"><b>0
<div class="banner error" id="input-error"><p>2 inputs could not be read: the verdict is of the input that was.</p><ul><li><code>tests/golden/html/irq.jsonl</code>: not a trace.dat: it does not start with trace-cmd&#39;s magic bytes (\027\010Dtracing); without --format dat, the format is told from the input</li><li><code>nosuch.trace</code>: cannot open: No such file or directory</li></ul></div>
$ printf '{"event":"a","dev":1}\n{"event":"b","dev":1}\n' | specmon check --quiet --html page.html tests/golden/cli/pair.sm
$ grep -o '<dt>inputs\?</dt><dd>.*</dd></dl>\|<li id="n-violations"[^>]*><b>[0-9]*\|<div class="banner error".*</div>' page.html
<dt>input</dt><dd><code>-</code></dd></dl>
<li id="n-violations" class="good"><b>0
