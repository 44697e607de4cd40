#% image: alpine:3.20
[ x -eq 1 ]
echo "status $?"
[ a == a ] && echo double-equals-ok
[ -d /
echo "status $?"
[ 1 -lt 2 ] && echo lt
