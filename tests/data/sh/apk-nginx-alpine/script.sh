#% image: alpine:3.20
apk add --no-cache nginx && grep nginx /etc/passwd && ls /usr/share/nginx/html
