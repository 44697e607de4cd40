#% image: debian:trixie-slim
apt-get update -qq && apt-get install -y curl >/tmp/apt.log && head -n 12 /tmp/apt.log && rm /tmp/apt.log
