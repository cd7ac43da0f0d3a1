# The differential test of `specmon gen c` against `specmon check`
# (tests/reference/genc.py): 100 random specs of tests/reference/gen.py
# (every feature but strings), 20 random traces each; every generated
# monitor compiled, warning-free, into one driver; verdicts compared
# case by case (violations: line, property, key; pending: property, key).
# One spec in five has a pool of 2 instances, against --max-instances 2.
# needs: python3
# needs: cc
$ python3 tests/reference/genc.py
gen c: 2000 cases agree, 0 differ, 0 specs refused (of 100)
