# needs: chromium
# The README's example page in a real browser: Debian's chromium, headless
# (apt-get install chromium; without it this file is skipped).  It renders
# the page to a 1200x2000 PNG (the signature, then the IHDR's width and
# height as big-endian bytes: 0 0 4 176 is 1200, 0 0 7 208 is 2000), which
# is not blank (a page with its drawings is over 50 kB), and its DOM, read
# back after parsing, has the violation's first line, the page's drawing
# of the automaton (class defs, drawn once for all cards) and the card's
# two drawings, the current state, the allowed edge, the refused event and
# the timeline's violating event.  chromium's own messages (D-Bus, GPU) go
# to a log.  The card shows the automaton's drawing by reference (<use>):
# without the page's drawing (its defs deleted) the screenshot differs.
# Last, the README's first example (virtio/driver from the rule library on
# the same trace): its page renders, and its DOM has the README's
# violation, the balloon's stats notify before DRIVER_OK at line 50.
$ specmon check --quiet --html page.html tests/golden/html/notify.sm examples/boot-cloud.trace
[1]
$ chromium --headless --no-sandbox --disable-gpu --user-data-dir=chromium-profile --screenshot=shot.png --window-size=1200,2000 "file://$PWD/page.html" > chromium.log 2>&1; echo "exit status $?"; od -An -tx1 -N8 shot.png; od -An -tu1 -j16 -N8 shot.png; [ "$(wc -c < shot.png)" -gt 50000 ] && echo "over 50 kB"
exit status 0
 89 50 4e 47 0d 0a 1a 0a
   0   0   4 176   0   0   7 208
over 50 kB
$ chromium --headless --no-sandbox --disable-gpu --user-data-dir=chromium-profile --dump-dom "file://$PWD/page.html" > dom.html 2> chromium.log; echo "exit status $?"; grep -o '<code class="headline">[^<]*' dom.html
exit status 0
<code class="headline">examples/boot-cloud.trace:50: 4.724523 violation of notify_after_ok[dev=0]: notify(dev=0, vq=2, vqname=stats) in state down
$ grep -o '<svg [^>]*class="[a-z]*"\|<g class="state current[^"]*" data-state="[^"]*"\|<g class="edge allowed"\|<title>refused here: [^<]*\|<g class="tl-event violating">' dom.html
<svg xmlns="http://www.w3.org/2000/svg" class="defs"
<svg xmlns="http://www.w3.org/2000/svg" class="timeline"
<g class="tl-event violating">
<svg xmlns="http://www.w3.org/2000/svg" class="automaton"
<g class="edge allowed"
<g class="state current final initial" data-state="down"
<title>refused here: notify(vq=2, vqname=stats)
$ sed '/<svg [^>]*class="defs"/,/<\/defs><\/svg>/d' page.html > nodefs.html; grep -c 'class="defs"\|<use ' nodefs.html; chromium --headless --no-sandbox --disable-gpu --user-data-dir=chromium-profile --screenshot=nodefs.png --window-size=1200,2000 "file://$PWD/nodefs.html" > chromium.log 2>&1; cmp -s shot.png nodefs.png || echo "the drawing by reference shows"
1
the drawing by reference shows
$ specmon check --quiet --html driver.html virtio/driver examples/boot-cloud.trace
[1]
$ chromium --headless --no-sandbox --disable-gpu --user-data-dir=chromium-profile --dump-dom "file://$PWD/driver.html" > dom.html 2> chromium.log; echo "exit status $?"; grep -o '<code class="headline">[^<]*' dom.html
exit status 0
<code class="headline">examples/boot-cloud.trace:50: 4.724523 violation of notify_after_driver_ok[dev=0]: notify(dev=0, vq=2, vqname=stats) in state down
