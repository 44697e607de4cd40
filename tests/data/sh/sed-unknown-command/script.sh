sed -e 's/a/b/' -e 'k' /etc/hostname
echo "status $?"
