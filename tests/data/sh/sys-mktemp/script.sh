#% image: alpine:3.20
d=$(mktemp -d) && echo "$d"
f=$(mktemp) && echo "$f"
