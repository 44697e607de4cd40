#% image: alpine:3.20
ls /nope
echo "status $?"
