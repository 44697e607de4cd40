ls /nope
echo "status $?"
ls /etc/hostname /nope /tmp
echo "status $?"
