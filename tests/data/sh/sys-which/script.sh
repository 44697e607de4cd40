#% image: alpine:3.20
which sh apk
which nope
echo "status $?"
