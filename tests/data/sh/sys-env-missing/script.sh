env FOO=1 nope
echo "status $?"
env -u HOME printenv HOME
echo "status $?"
