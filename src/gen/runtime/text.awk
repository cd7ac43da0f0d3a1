# text.awk: the runtime's C files (monitor.h.in, monitor.c.in, kmod.c.in)
# as the C strings the generators write out (c_gen.h, kmod.h).  A line
# "//@ string NAME" starts the string NAME; other lines that start with
# "//" are notes for maintainers, left out; so is a line that includes a
# stand-in for the spec's tables ("smrt_tables.h", "smrt_kmod_tables.h"),
# which is where the generator writes them.
# Usage: awk -f text.awk FILE.in...

# A character at a time: gsub's handling of backslashes differs between awks.
function literal(s,    out, c, k) {
	out = ""
	for (k = 1; k <= length(s); k++) {
		c = substr(s, k, 1)
		if (c == "\\" || c == "\"" || c == "?")   # "?": no trigraphs
			out = out "\\" c
		else if (c == "\t")
			out = out "\\t"
		else
			out = out c
	}
	return "\t\"" out "\\n\""
}

BEGIN {
	print "/* Made by src/gen/runtime/text.awk from the .in files of src/gen/runtime: edit those. */"
	print "#include \"c_gen.h\""
	print "#include \"kmod.h\""
}
/^\/\/@ string [a-z_]+$/ {
	if (open)
		print "\t\"\";"
	print "\nconst char " $3 "[] ="
	open = 1
	next
}
/^\/\// { next }
/^#include "smrt_(kmod_)?tables\.h"$/ { next }
open { print literal($0) }
!open { print "text.awk: " FILENAME ":" FNR ": text before its //@ string line" >"/dev/stderr"; exit 1 }
END { print "\t\"\";" }
