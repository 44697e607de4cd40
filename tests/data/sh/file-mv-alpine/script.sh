#% image: alpine:3.20
mkdir -p /app/old && touch /app/old/x
mv /app/old /app/new
mv -v /app/new/x /app/y
mv /nope /tmp
ls -R /app
