#% image: ubuntu:16.04
apt-get update && apt-get install -y nginx
