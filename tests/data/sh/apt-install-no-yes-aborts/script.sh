apt-get update -qq
apt-get install curl
echo "status $?"
