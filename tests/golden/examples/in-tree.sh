#!/bin/sh
# sh tests/golden/examples/in-tree.sh COMMAND ARGS...: the command, stdout and
# stderr together, with its exit status, where the path of this source tree
# is left out: an example finds the rule library in the tree's specs/ (its
# path compiled in) and its reports name the spec's lines with that path;
# shown relative (specs/virtio/notifications.sm:119), the transcripts do not
# depend on where the tree is.
root=$(cd -P "$(dirname "$0")/../../.." && pwd)
out=$("$@" 2>&1)
status=$?
printf '%s\n' "$out" | sed "s|$root/||g"
exit $status
