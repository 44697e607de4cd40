#% image: alpine:3.20
for p in a b c; do mkdir -p /opt/$p; done && ls /opt
