mkdir -p /tmp/d/e && touch /tmp/d/e/f /tmp/g
rm /tmp/d
echo "status $?"
rm /tmp/nope
echo "status $?"
rm -f /tmp/nope
echo "status $?"
rm -rv /tmp/d
rm /tmp/g
ls /tmp
