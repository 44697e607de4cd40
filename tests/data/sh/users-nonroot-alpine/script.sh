#% image: alpine:3.20
#% user: 1000:1000
adduser -D app
echo "status $?"
