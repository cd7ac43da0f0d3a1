#!/bin/sh
# sh tests/golden/library/specmon.sh ARGS...: `specmon ARGS`, stdout and
# stderr together, with its exit status, where the path of this source tree
# is left out: specmon finds a library name such as virtio/driver in the
# tree's specs/ (its path compiled in), and names the spec's lines with that
# path; shown relative (specs/virtio/driver.sm:12), the transcripts do not
# depend on where the tree is.
root=$(cd -P "$(dirname "$0")/../../.." && pwd)
out=$(specmon "$@" 2>&1)
status=$?
printf '%s\n' "$out" | sed "s|$root/||g"
exit $status
