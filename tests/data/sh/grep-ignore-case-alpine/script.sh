#% image: alpine:3.20
grep -i 'pretty_name' /etc/os-release
