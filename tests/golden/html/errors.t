# The HTML page cannot be written: a FILE that cannot be created (a folder,
# a missing folder) stops the run before any input is read; writes that
# fail (/dev/full: the disk is full) are said at the end, after the
# summary.  Each names the file and says why; exit status 2, with --quiet
# too.  --html needs a file name.
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
