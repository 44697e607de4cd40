#% image: debian:trixie-slim
apt-get update
du -sh /var/lib/apt/lists
