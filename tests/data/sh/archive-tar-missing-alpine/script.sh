#% image: alpine:3.20
tar -xzf /nope.tgz
echo "status $?"
