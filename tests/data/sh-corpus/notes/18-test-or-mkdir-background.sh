#% image: alpine:3.20
test -d /x || mkdir -p /x && echo ok 2>&1 >/dev/null &
