#% image: alpine:3.20
echo 'never closed
