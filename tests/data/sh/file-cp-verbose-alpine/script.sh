#% image: alpine:3.20
echo data > /tmp/a
cp -v /tmp/a /tmp/b
cp /etc /e2
echo "status $?"
cp /nope /tmp
