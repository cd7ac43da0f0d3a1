# scratch.sh: sourced by tests/golden/run.sh and tests/threads/run.sh, with
# $root set: the scratch folder their commands run in, $work, which holds
# `tests` and `examples` (this repo's) and `shared` (../shared), removed at
# exit; specmon ($build) first on PATH, and the C locale.
build=$root/${BUILD:-build}
shared=${SHARED:-$root/../shared}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
ln -s "$root/tests" "$work/tests"
ln -s "$root/examples" "$work/examples"
[ -d "$shared" ] && ln -s "$(cd "$shared" && pwd)" "$work/shared"
PATH=$build:$PATH
export PATH LC_ALL=C
