#% image: node:24
wget -O /tmp/app.tar.gz https://example.com/app.tar.gz
