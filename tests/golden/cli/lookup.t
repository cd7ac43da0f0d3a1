# A SPEC that is not a file is a name in the rule library (DESIGN.md §3):
# NAME.sm in each SPECMON_PATH folder, the source tree's specs/ (ROOT
# here, absent today) and the installed share/specmon/specs/ (PREFIX
# /usr/local, not installed here), the first found.  lib/virtio/notify.sm
# is found as virtio/notify (and as virtio/notify.sm); its b of dev 1 comes
# with no a before it: a violation, exit status 1.  /nonexistent, first in
# SPECMON_PATH, is passed over.
# A name found nowhere names every folder searched, in order (exit 2).
# A folder given as SPEC or TRACE: "Is a directory", as errno says it;
# the trace's error is exit status 2 after the summary.
# `specmon specs` lists each folder with specs: names sorted, padded to
# the longest (virtio/notify, 13 characters), and the title of the `spec`
# line (a blank line may come first, escapes \" read as "; no spec line:
# no title); the first folder is shown here, then (after a blank line)
# come the source tree's specs/, whose listing is
# tests/golden/library/library.t's.  With no SPECMON_PATH folder holding
# specs, the source tree's library is the first folder listed.  (When no
# folder has a spec, `specmon specs` says where it looked and exits 0;
# with the library in the source tree, this suite cannot show that.)
$ printf '{"event":"b","dev":1}\n' > t.jsonl; SPECMON_PATH=/nonexistent:tests/golden/cli/lib specmon check --history 0 virtio/notify t.jsonl
t.jsonl:1: violation of pair[dev=1]: b(dev=1) with no a before it to match
  relation: a alternatesWith b   (tests/golden/cli/lib/virtio/notify.sm:5)
  allowed here: a
tests/golden/cli/lib/virtio/notify.sm:3: warning: event a matched no record
specmon: 1 line, 1 event, 0 skipped lines; 1 violation, 0 pending
specmon: 1 warning
[1]
$ SPECMON_PATH=tests/golden/cli/lib specmon lint virtio/notify.sm && echo "virtio/notify.sm is clean"
virtio/notify.sm is clean
$ SPECMON_PATH=/nonexistent:tests/golden/cli/lib specmon lint virtio/nope 2>err; echo "exit status $?"; sed "s|$(cd -P tests/.. && pwd)|ROOT|" err
exit status 2
specmon: error: cannot read spec 'virtio/nope': No such file or directory, and the rule library has no virtio/nope.sm (searched: /nonexistent, tests/golden/cli/lib, ROOT/specs, /usr/local/share/specmon/specs)
$ specmon lint tests/golden/cli/lib
specmon: error: cannot read spec 'tests/golden/cli/lib': Is a directory
[2]
$ specmon check --history 0 tests/golden/cli/pair.sm tests/golden/cli t.jsonl
specmon: cannot open trace 'tests/golden/cli': Is a directory
t.jsonl:1: violation of pair[dev=1]: b(dev=1) with no a before it to match
  relation: a alternatesWith b   (tests/golden/cli/pair.sm:3)
  allowed here: a
tests/golden/cli/pair.sm:1: warning: event a matched no record
specmon: 1 line, 1 event, 0 skipped lines; 1 violation, 0 pending
specmon: 1 warning
[2]
$ SPECMON_PATH=tests/golden/cli/lib specmon specs | awk 'NF == 0 {exit} {print}'
tests/golden/cli/lib:
  escaped        a "quoted" word
  untitled
  virtio/notify  VirtIO 1.3 §3.1.1: no notification before DRIVER_OK
$ SPECMON_PATH=/nonexistent specmon specs 2>&1 | sed "s|$(cd -P tests/.. && pwd)|ROOT|" | head -1
ROOT/specs:
