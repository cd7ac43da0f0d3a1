# text.awk: the runtime's C files (monitor.h.in, monitor.c.in) as the C
# strings c_gen.c writes out (c_gen.h: sm__c_runtime_api, _head, _body).
# Lines that start with "//" are notes for maintainers, left out; the line
# that includes "smrt_tables.h" is where the spec's tables go: it ends the
# head and starts the body.  Usage: awk -f text.awk monitor.h.in monitor.c.in

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
	print "/* Made by src/gen/runtime/text.awk from monitor.h.in and monitor.c.in of src/gen/runtime: edit those. */"
	print "#include \"c_gen.h\""
}
FNR == 1 {
	if (NR > 1)
		print "\t\"\";"
	print "\nconst char " (NR == 1 ? "sm__c_runtime_api" : "sm__c_runtime_head") "[] ="
}
/^\/\// { next }
/^#include "smrt_tables\.h"$/ {
	print "\t\"\";\n\nconst char sm__c_runtime_body[] ="
	next
}
{ print literal($0) }
END { print "\t\"\";" }
