#% image: alpine:3.20
adduser -D -H worker && addgroup worker wheel
id worker
grep wheel /etc/group
