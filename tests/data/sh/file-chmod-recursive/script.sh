mkdir -p /srv/app/bin && touch /srv/app/bin/run /srv/app/README
chmod -R go-rwx /srv/app
find /srv/app -exec stat -c '%a %n' {} \;
chmod -R a+rX /srv/app
find /srv/app -exec stat -c '%a %n' {} \;
