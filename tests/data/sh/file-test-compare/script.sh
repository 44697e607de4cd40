[ abc = abc ] && echo eq
[ abc != abd ] && echo ne
[ 10 -gt 9 ] && echo gt
[ 3 -le 3 ] && echo le
[ a \< b ] && echo lt-string
[ ! 1 -eq 2 ] && echo not
[ 1 -eq 1 -a 2 -eq 2 ] && echo and
[ 1 -eq 2 -o 2 -eq 2 ] && echo or
[ \( 1 -eq 1 \) ] && echo paren
[ x -eq 1 ]
echo "status $?"
[ a == a ]
echo "status $?"
[ -d /
echo "status $?"
