#% image: debian:bookworm-slim
curl --version
