#% image: alpine:3.20
sed 's/a/b' /etc/hostname
echo "status $?"
sed k /etc/hostname
echo "status $?"
sed p /nope
echo "status $?"
