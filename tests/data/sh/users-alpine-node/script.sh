#% image: alpine:3.20
addgroup -g 1000 node && adduser -u 1000 -G node -s /bin/sh -D node
id node
grep node /etc/passwd /etc/group
