#% image: alpine:3.20
apk --print-arch
apk info -e busybox curl
echo "status $?"
