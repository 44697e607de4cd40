words="a   b c"
for w in $words; do echo "[$w]"; done
for w in "$words"; do echo "[$w]"; done
empty=
set -- $empty "" x
echo "$# args"
IFS=:; path="/a:/b::/c"; for d in $path; do echo "<$d>"; done
