#% image: alpine:3.20
apk add --no-cache nosuchpkg
