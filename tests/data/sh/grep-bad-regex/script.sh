grep 'a\(' /etc/passwd
echo "status $?"
