#% image: alpine:3.20
mkdir /etc
echo "status $?"
mkdir -p /srv/www/html && ls -d /srv/www/html
mkdir /a/b/c
echo "status $?"
