f=$(mktemp)
d=$(mktemp -d)
echo "$f $d"
stat -c '%a %F' "$f" "$d"
mktemp /tmp/build.XXXXXX
mktemp -p /var/tmp
mktemp /tmp/bad.XX
echo "status $?"
