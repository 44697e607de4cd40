#% image: debian:bookworm-slim
if [ -f /etc/alpine-release ]; then echo "alpine $(cat /etc/alpine-release)"; elif [ -f /etc/debian_version ]; then echo "debian $(cat /etc/debian_version)"; else echo "unknown distribution" >&2; exit 1; fi
