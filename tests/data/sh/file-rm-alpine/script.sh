#% image: alpine:3.20
mkdir /d
rm /d
echo "status $?"
rm /nope
echo "status $?"
rm -rf /d /nope
echo "status $?"
