dpkg --print-architecture
dpkg -s curl
echo "status $?"
