#% image: alpine:3.20
grep x /nope
echo "status $?"
