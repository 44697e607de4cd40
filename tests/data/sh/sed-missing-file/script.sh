sed p /nope
echo "status $?"
