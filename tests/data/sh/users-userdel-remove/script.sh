useradd -m tmpuser
userdel -r tmpuser
echo "status $?"
id tmpuser
echo "status $?"
