#% image: alpine:3.20
cat /etc/os-release | grep -i alpine || true
