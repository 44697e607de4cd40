#% image: alpine:3.20
echo x > /tmp/f
install -m 700 /tmp/f /usr/local/bin/f
install -d /etc/app/conf.d
stat -c '%a %n' /usr/local/bin/f /etc/app/conf.d
install /nope /tmp/
