#!/bin/sh
# Golden tests: every tests/golden/*/*.t file is a transcript of a session.
#
#   # comments (before the first command)
#   # needs: shared          skip the file when ../shared is absent
#   # needs: chromium        skip it when the command chromium is not on PATH
#   # needs: libtracecmd     skip it when specmon was built without libtracecmd
#                            (it cannot read trace.dat); no-libtracecmd: with
#   # needs: kernel-headers  skip it when the lab's cache has no kernel headers
#                            ($KHEADERS: their folder)
#   # needs: libbpf          skip it when specmon was built without libbpf (it
#                            cannot read BTF); no-libbpf: with
#   $ specmon check tests/golden/check/x.sm tests/golden/check/x.trace
#   expected output, stdout and stderr together
#   [1]                      the exit status, when it is not 0
#
# Commands run with sh in a scratch folder that holds `tests` and `examples`
# (this repo's) and `shared` (../shared), with specmon first on PATH, so the
# paths in reports stay short and stable.  UPDATE=1 rewrites the files with
# what the commands print now: review the diff before committing it.
# Prints "golden: N passed, N failed, N skipped".
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/tests/scratch.sh"

# `# needs: kernel-headers`: a Debian kernel's build tree in the lab's cache
# (LAB_CACHE, else build/lab), for the real Kbuild build of gen kmod.
KHEADERS=
for d in "${LAB_CACHE:-$root/build/lab}"/*/root/usr/src/linux-headers-*-amd64; do
	[ -f "$d/Makefile" ] && KHEADERS=$d
done
export KHEADERS

passed=0 failed=0 skipped=0
for t in "$root"/tests/golden/*/*.t; do
	[ -e "$t" ] || continue
	name=${t#"$root"/}
	missing=
	for need in $(sed -n 's/^# needs: //p' "$t"); do
		if [ "$need" = shared ]; then
			[ -d "$work/shared" ] || missing="../shared"
		elif [ "$need" = libtracecmd ]; then
			grep -q -e -DSM_HAVE_TRACECMD "$build/flags" || missing="libtracecmd (in this build)"
		elif [ "$need" = libbpf ]; then
			grep -q -e -DSM_HAVE_LIBBPF "$build/flags" || missing="libbpf (in this build)"
		elif [ "$need" = no-libbpf ]; then
			grep -q -e -DSM_HAVE_LIBBPF "$build/flags" && missing="a build without libbpf"
		elif [ "$need" = no-libtracecmd ]; then
			grep -q -e -DSM_HAVE_TRACECMD "$build/flags" && missing="a build without libtracecmd"
		elif [ "$need" = kernel-headers ]; then
			[ -n "$KHEADERS" ] || missing="the lab's kernel headers (make lab caches them; LAB_CACHE)"
		elif ! command -v "$need" >/dev/null 2>&1; then
			missing=$need
		fi
	done
	if [ -n "$missing" ]; then
		echo "skip $name: $missing is absent"
		skipped=$((skipped + 1))
		continue
	fi
	actual=$work/actual
	: >"$actual"
	in_output=0
	while IFS= read -r line || [ -n "$line" ]; do
		case $line in
		'$ '*)
			in_output=1
			printf '%s\n' "$line" >>"$actual"
			(cd "$work" && sh -c "${line#\$ }" >"$work/out" 2>&1 </dev/null)
			rc=$?
			cat "$work/out" >>"$actual"
			# A missing final newline is part of the output too.
			[ -s "$work/out" ] && [ "$(tail -c 1 "$work/out" | od -An -c | tr -d ' ')" != '\n' ] &&
				printf '%s\n' '(no newline at end)' >>"$actual"
			[ "$rc" -ne 0 ] && printf '[%s]\n' "$rc" >>"$actual"
			;;
		*)
			[ "$in_output" -eq 0 ] && printf '%s\n' "$line" >>"$actual"
			;;
		esac
	done <"$t"
	if cmp -s "$t" "$actual"; then
		passed=$((passed + 1))
	elif [ "${UPDATE:-0}" = 1 ]; then
		cp "$actual" "$t"
		echo "updated $name"
		passed=$((passed + 1))
	else
		echo "FAIL $name"
		diff -u "$t" "$actual" | head -60
		failed=$((failed + 1))
	fi
done
echo "golden: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
