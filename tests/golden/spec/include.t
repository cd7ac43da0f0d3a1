# include "file.sm" (DESIGN.md §2, §6).  tests/golden/spec/include/main.sm
# includes lib/events.sm (found next to it) and virtio-ids.sm (found in
# SPECMON_PATH), and titles its automaton.
# The trace: dev 1 set_status 1 (no DRIVER_OK bit: `* -> *`, stays down),
# then notify in state down: no edge of down takes it -> a violation at
# line 2, with the title as the report's second line.  Then status 7
# (DRIVER_OK set) -> up, notify in up: taken.  dev 2 status 4 -> up.  Both
# end in final states: nothing pending.  Exit 1.
#
# Then, in order:
# A diagnostic inside an included file names that file, its line and
# column (the missing ',' in lib/broken.sm), and a note names the include.
# A cycle: cycle-a.sm includes cycle-b.sm, which includes cycle-a.sm.
# One file along two paths: twice.sm includes lib/events.sm, and
# lib/more.sm includes it again as "events.sm" (same file, other path).
# A missing file (exit status hidden by the sed that makes the path stable)
# lists the folders searched, in order: the including file's
# own, each SPECMON_PATH folder, the source tree's specs/ (ROOT here),
# the installed rule library (PREFIX /usr/local).
# Last: a bare name after include, and a spec line in an included file.
$ SPECMON_PATH=tests/golden/spec/include/path specmon check tests/golden/spec/include/main.sm tests/golden/spec/include/trace.jsonl
tests/golden/spec/include/trace.jsonl:2: violation of notify_after_ok[dev=1]: notify(dev=1, vq=0) in state down
  rule: VirtIO 1.3 §3.1.1: no notification before DRIVER_OK
  allowed here: set_status when status & DRIVER_OK   (tests/golden/spec/include/main.sm:7)
  history of notify_after_ok[dev=1]:
    tests/golden/spec/include/trace.jsonl:1  set_status(status=1)   * -> down
specmon: 5 lines, 5 events, 0 skipped lines; 1 violation, 0 pending
[1]
$ specmon lint tests/golden/spec/include/bad-inner.sm
tests/golden/spec/include/lib/broken.sm:2:18: error: expected ')' (to close '(' at line 2), found 'vq'
    event notify(dev vq)
                     ^~
tests/golden/spec/include/bad-inner.sm:1:9: note: in the file included here
    include "lib/broken.sm"
            ^~~~~~~~~~~~~~~
[2]
$ specmon lint tests/golden/spec/include/cycle-a.sm
tests/golden/spec/include/cycle-b.sm:2:9: error: include cycle: tests/golden/spec/include/cycle-a.sm -> tests/golden/spec/include/cycle-b.sm -> tests/golden/spec/include/cycle-a.sm
    include "cycle-a.sm"
            ^~~~~~~~~~~~
tests/golden/spec/include/cycle-a.sm:1:9: note: in the file included here
    include "cycle-b.sm"
            ^~~~~~~~~~~~
[2]
$ specmon lint tests/golden/spec/include/twice.sm
tests/golden/spec/include/lib/more.sm:1:9: error: 'tests/golden/spec/include/lib/events.sm' is included twice (first at tests/golden/spec/include/twice.sm:1:9)
    include "events.sm"
            ^~~~~~~~~~~
tests/golden/spec/include/twice.sm:2:9: note: in the file included here
    include "lib/more.sm"
            ^~~~~~~~~~~~~
[2]
$ SPECMON_PATH=/nonexistent:tests/golden/spec/include/path specmon lint tests/golden/spec/include/missing.sm 2>&1 | sed "s|$(cd -P tests/.. && pwd)|ROOT|"
tests/golden/spec/include/missing.sm:2:9: error: cannot find 'virtio/nowhere.sm' (searched: tests/golden/spec/include/, /nonexistent, tests/golden/spec/include/path, ROOT/specs, /usr/local/share/specmon/specs)
    include "virtio/nowhere.sm"
            ^~~~~~~~~~~~~~~~~~~
$ printf 'include nowhere.sm\n' > s.sm; specmon lint s.sm
s.sm:1:9: error: expected the included file's name in quotes after 'include', found 'nowhere'
    include nowhere.sm
            ^~~~~~~
[2]
$ printf 'spec a\n' > inc.sm; printf 'include "inc.sm"\n' > s.sm; specmon lint s.sm
inc.sm:1:1: error: a 'spec' line in an included file (the file that includes it names the spec)
    spec a
    ^~~~
s.sm:1:9: note: in the file included here
    include "inc.sm"
            ^~~~~~~~
[2]
