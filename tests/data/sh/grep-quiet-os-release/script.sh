#% image: alpine:3.20
if grep -q '^ID=alpine' /etc/os-release; then echo alpine; else echo other; fi
