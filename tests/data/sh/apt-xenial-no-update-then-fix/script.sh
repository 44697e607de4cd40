#% image: ubuntu:16.04
apt-get install -y curl || echo "install failed with $?"
