#% image: alpine:3.20
adduser -D node
adduser -D node
echo "status $?"
addgroup node
echo "status $?"
