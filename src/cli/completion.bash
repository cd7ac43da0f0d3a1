# bash completion for specmon (installed as share/bash-completion/completions/specmon).
# Commands, their options and values, spec files and the rule library's
# names (from `specmon specs`), and trace files.

_specmon()
{
	local cur prev cmd
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	cmd=${COMP_WORDS[1]}

	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W 'check lint specs graph help --version --help' -- "$cur"))
		return
	fi
	case $prev in
	--format) COMPREPLY=($(compgen -W 'auto ftrace log jsonl qemu dat' -- "$cur")); return ;;
	--color) COMPREPLY=($(compgen -W 'auto always never' -- "$cur")); return ;;
	--history | --max-violations | --max-instances) return ;;
	--html) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); return ;;
	esac
	case $cmd in
	check)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W '--format --json --strict --history --coverage
				--max-violations --max-instances --quiet --html --color --help' -- "$cur"))
			return
		fi
		;;
	lint)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W '--color --help' -- "$cur"))
			return
		fi
		;;
	graph)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W '--svg --help' -- "$cur"))
			return
		fi
		;;
	specs) COMPREPLY=($(compgen -W '--help' -- "$cur")); return ;;
	help) COMPREPLY=($(compgen -W 'check lint specs graph' -- "$cur")); return ;;
	*) return ;;
	esac
	# The first word that is not an option is the spec: a .sm file or a
	# library name; the words after it are traces, any file (for graph:
	# a property, which the spec names).
	local k spec_given=0
	for ((k = 2; k < COMP_CWORD; k++)); do
		case ${COMP_WORDS[k]} in
		--format | --color | --history | --max-violations | --max-instances | --html) ((k++)) ;;
		-*) ;;
		*) spec_given=1 ;;
		esac
	done
	compopt -o filenames 2>/dev/null
	if [ "$spec_given" -eq 0 ]; then
		local names
		names=$("${COMP_WORDS[0]}" specs 2>/dev/null | sed -n 's/^  \([^ ]*\).*/\1/p')
		COMPREPLY=($(compgen -f -X '!*.sm' -- "$cur") $(compgen -d -- "$cur")
			   $(compgen -W "$names" -- "$cur"))
	elif [ "$cmd" != graph ]; then
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}
complete -F _specmon specmon
