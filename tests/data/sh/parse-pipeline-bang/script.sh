! false && echo negated-ok
echo hello | cat
echo a b c | { read x y; echo "x=$x y=$y"; }
