#% image: ubuntu:22.04
apt-get install -y curl
