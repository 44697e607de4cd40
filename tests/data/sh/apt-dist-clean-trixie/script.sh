#% image: debian:trixie-slim
apt-get update -q && apt-get install -y -q --no-install-recommends tzdata ca-certificates && apt-get dist-clean
