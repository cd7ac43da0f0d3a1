# The HTML page escapes all text from specs and traces (&, <, >, " and '):
# hostile.sm has a title with tags and quotes, a rule title with `&` and
# `<alternate>`; hostile.jsonl has the values `<script>alert('x')</script>`,
# `a&b "q"` and an img tag.  No tag of theirs reaches the page (grep -c
# finds none: exit status 1); they are text in the header, the rule lines,
# the headlines (the text report's words: its quotes are not escaped), the
# two timelines that show line 1 and the refused arrows (key dev left out).
# Relations: pair[dev=1] refused an open while 1 open waited (lead 1): open
# ticked (red), close was allowed (green); pair[dev=2] refused a close with
# none waiting (lead 0): open allowed, close ticked.  The pending instances
# and the warning (lock matched no record: hostile.sm:6) are the text
# report's first lines, each with its rule's title (door has none); the
# header counts them.
$ specmon check --quiet --html page.html tests/golden/html/hostile.sm tests/golden/html/hostile.jsonl
[1]
$ grep -c '<script\|<img\|<b>&amp;' page.html
0
[1]
$ grep -o '<p class="subtitle">[^<]*\|<dd class="rule">[^<]*' page.html
<p class="subtitle">Tags &lt;b&gt;&amp;amp;&lt;/b&gt; &quot;quoted&quot; &#39;single&#39;
<dd class="rule">opens &amp; closes &lt;alternate&gt;
<dd class="rule">opens &amp; closes &lt;alternate&gt;
$ grep -o '<code class="headline">[^<]*' page.html
<code class="headline">tests/golden/html/hostile.jsonl:2: 1.75 violation of pair[dev=1]: open(dev=1, who=&quot;a&amp;b &quot;q&quot;&quot;) while a open still waits for its close
<code class="headline">tests/golden/html/hostile.jsonl:2: 1.75 violation of door[dev=1]: open(dev=1, who=&quot;a&amp;b &quot;q&quot;&quot;) in state ajar
<code class="headline">tests/golden/html/hostile.jsonl:3: 2.0 violation of pair[dev=2]: close(dev=2, who=&quot;&lt;img src=x onerror=alert(1)&gt;&quot;) with no open before it to match
<code class="headline">tests/golden/html/hostile.jsonl:3: 2.0 violation of door[dev=2]: close(dev=2, who=&quot;&lt;img src=x onerror=alert(1)&gt;&quot;) in state shut
$ grep -c '&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;' page.html
2
$ grep -o '<title>refused here: [^<]*' page.html
<title>refused here: open(who=&quot;a&amp;b &quot;q&quot;&quot;)
<title>refused here: close(who=&quot;&lt;img src=x onerror=alert(1)&gt;&quot;)
$ grep -o '<g class="side [^"]*">\|data-lead="[0-9]*"' page.html
<g class="side a ticked">
<g class="side b allowed">
data-lead="1"
<g class="side a allowed">
<g class="side b ticked">
data-lead="0"
$ grep -o '<li class="pending-item"><code>[^<]*</code>\(<span class="rule">[^<]*\)\?' page.html
<li class="pending-item"><code>tests/golden/html/hostile.jsonl:1: 1.5 pending pair[dev=1]: 1 open still waits for its close at the end of input</code><span class="rule">opens &amp; closes &lt;alternate&gt;
<li class="pending-item"><code>tests/golden/html/hostile.jsonl:4: 2.25 pending pair[dev=3]: 1 open still waits for its close at the end of input</code><span class="rule">opens &amp; closes &lt;alternate&gt;
<li class="pending-item"><code>tests/golden/html/hostile.jsonl:1: 1.5 pending door[dev=1]: in state ajar at the end of input, which is not final (final: shut)</code>
<li class="pending-item"><code>tests/golden/html/hostile.jsonl:4: 2.25 pending door[dev=3]: in state ajar at the end of input, which is not final (final: shut)</code>
$ grep -o '<li class="warning-item"><code>[^<]*' page.html
<li class="warning-item"><code>tests/golden/html/hostile.sm:6: warning: event lock matched no record
$ grep -o '<li id="n-[a-z]*"[^>]*><b>[0-9]*</b>[^<]*' page.html
<li id="n-violations" class="bad"><b>4</b> violations
<li id="n-pending" class="warn"><b>4</b> pending
<li id="n-warnings" class="warn"><b>1</b> warning
<li id="n-events"><b>4</b> events
<li id="n-lines"><b>4</b> lines
