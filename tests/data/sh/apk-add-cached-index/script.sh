#% image: alpine:3.20
apk add git
