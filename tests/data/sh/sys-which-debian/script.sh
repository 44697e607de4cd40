which apt-get bash
which nope
echo "status $?"
getconf _NPROCESSORS_ONLN
getent passwd root
