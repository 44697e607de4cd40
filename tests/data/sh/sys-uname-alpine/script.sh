#% image: alpine:3.20
uname -a
arch
