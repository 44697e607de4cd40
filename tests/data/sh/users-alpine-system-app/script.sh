#% image: alpine:3.20
addgroup -S app && adduser -S app -G app
id app
grep app /etc/passwd /etc/group
