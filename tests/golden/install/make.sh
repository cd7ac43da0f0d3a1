#!/bin/sh
# `make TARGET DESTDIR=DEST` in the source tree, from within the suite:
#   sh tests/golden/install/make.sh install|uninstall DEST
# The build the suite tests (BUILD=build-san: SAN=1) is the one installed.
# The make running the suite passes its jobserver and variables down in
# MAKEFLAGS; this make is a fresh one, quiet.
set -eu
root=$(cd -P "$(dirname "$0")/../../.." && pwd)
san=0
[ "${BUILD:-build}" = build-san ] && san=1
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	make -s --no-print-directory -C "$root" "$1" DESTDIR="$(cd "$(dirname "$2")" && pwd)/${2##*/}" SAN=$san
