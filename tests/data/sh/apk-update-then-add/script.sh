#% image: alpine:3.22
apk update && apk add bash tzdata
