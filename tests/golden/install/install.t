# make install (DESIGN.md §4) into a scratch DESTDIR, PREFIX /usr/local:
# the binary, the header, the static library, the shared library
# (libspecmon.so.0.1.0, its soname libspecmon.so.0, the libspecmon.so dev
# link), specmon.pc, the man pages specmon(1) and specmon-spec(5), the bash
# completion, and the rule library (specs/: its files under
# share/specmon/specs, folders kept).
# The shared library exports the public API only: every dynamic symbol is
# an sm_ name (not sm__) but the version node SPECMON_0.
# man -l reads both pages without a warning.  The completion offers a
# command, an option and a value.
# A C program built with `pkg-config --cflags --libs specmon` (the sysroot
# is the DESTDIR tree; under SAN=1 the program takes the sanitizers too, as
# the installed library has them) runs on the installed shared library:
# its one emitted b with no a is a violation, verdict 1.  (The cflags
# have libpcre2-8's -I/usr/include too, in the sysroot: pkg-config adds the
# Requires.private packages' cflags.)
# make uninstall leaves folders only.
$ sh tests/golden/install/make.sh install dest && cd dest && find . | sort
.
./usr
./usr/local
./usr/local/bin
./usr/local/bin/specmon
./usr/local/include
./usr/local/include/specmon
./usr/local/include/specmon/specmon.h
./usr/local/lib
./usr/local/lib/libspecmon.a
./usr/local/lib/libspecmon.so
./usr/local/lib/libspecmon.so.0
./usr/local/lib/libspecmon.so.0.1.0
./usr/local/lib/pkgconfig
./usr/local/lib/pkgconfig/specmon.pc
./usr/local/share
./usr/local/share/bash-completion
./usr/local/share/bash-completion/completions
./usr/local/share/bash-completion/completions/specmon
./usr/local/share/man
./usr/local/share/man/man1
./usr/local/share/man/man1/specmon.1
./usr/local/share/man/man5
./usr/local/share/man/man5/specmon-spec.5
./usr/local/share/specmon
./usr/local/share/specmon/specs
./usr/local/share/specmon/specs/vhost-user
./usr/local/share/specmon/specs/vhost-user/ring.sm
./usr/local/share/specmon/specs/virtio
./usr/local/share/specmon/specs/virtio/balloon.sm
./usr/local/share/specmon/specs/virtio/device-events.sm
./usr/local/share/specmon/specs/virtio/device.sm
./usr/local/share/specmon/specs/virtio/driver-events.sm
./usr/local/share/specmon/specs/virtio/driver.sm
./usr/local/share/specmon/specs/virtio/events.sm
./usr/local/share/specmon/specs/virtio/notifications.sm
./usr/local/share/specmon/specs/virtio/sound.sm
$ cd dest/usr/local/lib && readlink libspecmon.so libspecmon.so.0 && objdump -p libspecmon.so.0.1.0 | grep SONAME && nm -D --defined-only libspecmon.so | awk '{print $3}' | grep -v '^sm_[a-z]'
libspecmon.so.0
libspecmon.so.0.1.0
  SONAME               libspecmon.so.0
SPECMON_0
$ dest/usr/local/bin/specmon --version
specmon 0.1.0
$ for page in man1/specmon.1 man5/specmon-spec.5; do man --warnings -l dest/usr/local/share/man/$page 2>&1 >/dev/null; MANWIDTH=80 man -l dest/usr/local/share/man/$page | grep -A1 '^NAME'; done
NAME
       specmon - check traces and logs against a protocol specification
NAME
       specmon-spec - the .sm language of specmon specifications
$ for words in 'specmon sp' 'specmon check --fo' 'specmon check --color ""'; do bash -c ". dest/usr/local/share/bash-completion/completions/specmon; COMP_WORDS=($words); COMP_CWORD=\$((\${#COMP_WORDS[@]} - 1)); _specmon; echo \"\${COMPREPLY[*]}\""; done
specs
--format
auto always never
$ export PKG_CONFIG_PATH=$PWD/dest/usr/local/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$PWD/dest; pkg-config --modversion specmon; pkg-config --cflags --libs specmon | sed "s|$PWD|.|g"; pkg-config --print-requires-private specmon
0.1.0
-I./dest/usr/local/include -I./dest/usr/include -L./dest/usr/local/lib -lspecmon 
libpcre2-8
$ cc -o emit tests/golden/install/emit.c $(PKG_CONFIG_PATH=$PWD/dest/usr/local/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$PWD/dest pkg-config --cflags --libs specmon) $([ "$BUILD" = build-san ] && echo -fsanitize=address,undefined) && LD_LIBRARY_PATH=$PWD/dest/usr/local/lib ldd ./emit | grep -o 'libspecmon[^ ]* => [^ ]*' | sed "s|$PWD|.|"; LD_LIBRARY_PATH=$PWD/dest/usr/local/lib ./emit
libspecmon.so.0 => ./dest/usr/local/lib/libspecmon.so.0
<emit>:0: 0.000001000 violation of pair[dev=7]: b(dev=7) with no a before it to match
  relation: a alternatesWith b   (pair.sm:3)
  allowed here: a
pair.sm:1: warning: event a matched no record
specmon: 0 lines, 1 event, 0 skipped lines; 1 violation, 0 pending
specmon: 1 warning
libspecmon 0.1.0: verdict 1
[1]
$ sh tests/golden/install/make.sh uninstall dest && find dest -not -type d
