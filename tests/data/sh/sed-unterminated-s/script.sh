sed 's/a/b' /etc/hostname
echo "status $?"
