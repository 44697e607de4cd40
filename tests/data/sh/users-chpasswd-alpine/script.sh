#% image: alpine:3.20
echo "root:secret" | chpasswd
grep -c '^root:\$6\$' /etc/shadow
echo "ghost:x" | chpasswd
echo "status $?"
