#% image: alpine:3.20
chown nobody:nobody /tmp
stat -c '%U:%G' /tmp
chown bob /tmp
chown root:nope /tmp
