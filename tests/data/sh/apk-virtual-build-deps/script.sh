#% image: alpine:3.20
apk add --no-cache --virtual .build-deps gcc make musl-dev && apk del .build-deps
cat /etc/apk/world
