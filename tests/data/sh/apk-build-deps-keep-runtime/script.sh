#% image: alpine:3.20
apk add --no-cache libstdc++ && apk add --no-cache --virtual .build-deps g++ make && apk del .build-deps
cat /etc/apk/world
