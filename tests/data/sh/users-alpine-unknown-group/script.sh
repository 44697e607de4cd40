#% image: alpine:3.20
adduser -D -G nope bob
echo "status $?"
