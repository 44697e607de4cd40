tar -f /tmp/x.tar
echo "status $?"
tar -cf /tmp/x.tar
echo "status $?"
