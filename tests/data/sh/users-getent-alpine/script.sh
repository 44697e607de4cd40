#% image: alpine:3.20
getent passwd root
getent group wheel 0
getent passwd nope
echo "status $?"
getent group docker || addgroup -S docker
getent group docker
