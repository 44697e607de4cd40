#% image: alpine:3.20
echo 'server {' > /tmp/default.conf
echo '    listen 80;' >> /tmp/default.conf
echo '}' >> /tmp/default.conf
sed -i 's/listen 80/listen 8080/' /tmp/default.conf
grep listen /tmp/default.conf
