#% image: alpine:3.20
chmod 644 /nope
chmod abc /etc/hostname
echo "status $?"
