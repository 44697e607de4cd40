#% image: alpine:3.20
apt-get update
