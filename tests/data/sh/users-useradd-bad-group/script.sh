useradd -g nope -G sudo x
echo "status $?"
