ln -s /usr/share /s
ln -s missing /dangling
readlink /s
readlink /etc
echo "status $?"
readlink -f /s/../bin/sh
readlink -f /dangling
readlink -e /dangling
echo "status $?"
realpath /s /usr/../etc
realpath /no/such
cd /usr/local && realpath bin
