#% image: alpine:3.20
adduser -D app
su app -c 'id; echo "$HOME $USER"'
su -s /bin/sh app -c 'echo hi > /tmp/by-app'
id -un
