set -- one "two words" three
echo "$# $1 $2"
for a in "$@"; do echo "<$a>"; done
echo "$*"
shift; echo "$1"
shift 5; echo "still here $?"
