#% image: debian:trixie-slim
apt-get update
