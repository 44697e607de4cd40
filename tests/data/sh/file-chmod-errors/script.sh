chmod 644 /nope
chmod 999 /etc/hostname
chmod
chmod -v 644 /etc/hostname
touch /tmp/f; chmod 666 /tmp/f; chmod -w /tmp/f; echo "status $?"; stat -c %a /tmp/f
