# specmon check --html FILE: the findings as one self-contained page (inline
# CSS and SVG, no script), pinned by grep on its stable markers (ids,
# classes, data- attributes), not on the whole file, whose layout numbers
# may change.  The README's example: tests/golden/html/notify.sm is the
# tour's spec, examples/boot-cloud.trace its trace; the one violation (the
# balloon notifies its stats queue in state down, line 50) is the text
# report's, which --html leaves as it is.
# The page: DOCTYPE first, </html> last, one card; its first line is the
# report's first line; the property's spec line (notify.sm:5, line 5 of
# the spec) with its text; the state; the allowed edge as the text report
# says it, with its line (8), `&` escaped.
# The timeline: the four history entries (`* -> down`: the `* -> *` edge),
# oldest first, each with its time and line ("line N": the violation's
# input), then the violating event (key dev left out, as in the history)
# in red (class violating).
# The automaton, drawn by specmon: the "any state" box (the `*` edge), down
# (initial, final, and current: the instance was there) and up (final);
# edges (the arrows between states first, the allowed ones over the
# others, then the loops, where the others left room): 1 up -> down, 0
# down -> up (the one down allows, highlighted), 2 up -> up, 3 `* -> *`
# from the box (class any); the refused event as a red arrow out of down.
# The header's counts (the summary line's), the sections (nothing pending,
# no warning), the summary's text line and its row for the property (5
# devices, 1 violation); nothing loaded from elsewhere (grep -c finds 0:
# exit status 1).
$ specmon check --html page.html tests/golden/html/notify.sm examples/boot-cloud.trace
examples/boot-cloud.trace:50: 4.724523 violation of notify_after_ok[dev=0]: notify(dev=0, vq=2, vqname=stats) in state down
  allowed here: set_status when status & DRIVER_OK   (tests/golden/html/notify.sm:8)
  history of notify_after_ok[dev=0]:
    examples/boot-cloud.trace:1  3.906891  set_status(status=0x0)   * -> down
    examples/boot-cloud.trace:6  3.912481  set_status(status=0x1)   * -> down
    examples/boot-cloud.trace:34  4.707039  set_status(status=0x3)   * -> down
    examples/boot-cloud.trace:42  4.710227  set_status(status=0xb)   * -> down
specmon: 1259 lines, 36 events, 0 skipped lines; 1 violation, 0 pending
[1]
$ head -1 page.html; tail -1 page.html; grep -c '<article class="card violation"' page.html
<!DOCTYPE html>
</html>
1
$ grep -o '<code class="headline">[^<]*' page.html
<code class="headline">examples/boot-cloud.trace:50: 4.724523 violation of notify_after_ok[dev=0]: notify(dev=0, vq=2, vqname=stats) in state down
$ grep -o '<dt>property</dt>.*' page.html
<dt>property</dt><dd><span class="place">tests/golden/html/notify.sm:5</span><code class="src">automaton notify_after_ok per dev {</code></dd>
$ grep -o '<dt>state</dt>.*' page.html
<dt>state</dt><dd><code class="state-name">down</code></dd>
$ grep -o '<dt>allowed here</dt>.*' page.html
<dt>allowed here</dt><dd><ul class="allowed"><li><code>set_status when status &amp; DRIVER_OK</code> <span class="place">tests/golden/html/notify.sm:8</span></li></ul></dd>
$ grep -o '<g class="tl-event[^"]*">' page.html | uniq -c
      4 <g class="tl-event">
      1 <g class="tl-event violating">
$ grep -o 'class="tl-time">[^<]*\|class="tl-text">[^<]*\|class="tl-sub">[^<]*' page.html
class="tl-time">3.906891
class="tl-text">set_status(status=0x0)
class="tl-sub">line 1 · * -&gt; down
class="tl-time">3.912481
class="tl-text">set_status(status=0x1)
class="tl-sub">line 6 · * -&gt; down
class="tl-time">4.707039
class="tl-text">set_status(status=0x3)
class="tl-sub">line 34 · * -&gt; down
class="tl-time">4.710227
class="tl-text">set_status(status=0xb)
class="tl-sub">line 42 · * -&gt; down
class="tl-time">4.724523
class="tl-text">notify(vq=2, vqname=stats)
class="tl-sub">line 50 · violation in state down
$ grep -o '<svg [^>]*class="[a-z]*"' page.html
<svg xmlns="http://www.w3.org/2000/svg" class="timeline"
<svg xmlns="http://www.w3.org/2000/svg" class="automaton"
$ grep -o '<g class="state[^"]*"\( data-state="[^"]*"\)\?' page.html
<g class="state any"
<g class="state current final initial" data-state="down"
<g class="state final" data-state="up"
$ grep -o '<g class="edge[^"]*" data-edge="[0-9]*"' page.html
<g class="edge" data-edge="1"
<g class="edge allowed" data-edge="0"
<g class="edge" data-edge="2"
<g class="edge any" data-edge="3"
$ grep -o '<g class="refused">\|<title>refused here: [^<]*' page.html
<g class="refused">
<title>refused here: notify(vq=2, vqname=stats)
$ grep -o '<li id="n-[a-z]*"[^>]*><b>[0-9]*</b>[^<]*' page.html
<li id="n-violations" class="bad"><b>1</b> violation
<li id="n-pending"><b>0</b> pending
<li id="n-warnings"><b>0</b> warnings
<li id="n-events"><b>36</b> events
<li id="n-lines"><b>1259</b> lines
$ grep -o '<section id="[a-z]*">\|<p class="none">[^<]*' page.html
<section id="violations">
<section id="pending">
<p class="none">No instance was pending at the end of input.
<section id="warnings">
<p class="none">No warning.
<section id="summary">
$ grep -A1 '<pre class="summary-text">' page.html
<pre class="summary-text">specmon: 1259 lines, 36 events, 0 skipped lines; 1 violation, 0 pending
</pre>
$ grep -o '<tr><td><code>[^<]*</code></td>.*</tr>' page.html
<tr><td><code>notify_after_ok</code></td><td>automaton</td><td class="n">5</td><td class="n">1</td><td class="n">0</td></tr>
$ grep -c '<script\|<link\|<img\|<iframe\| src=\|url(' page.html
0
[1]
