tar -xzf /nope.tgz
echo "status $?"
