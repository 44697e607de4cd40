#% image: ubuntu:24.04
apt-get update
