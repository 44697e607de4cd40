#% image: alpine:3.20
sleep x
echo "status $?"
