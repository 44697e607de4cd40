#% image: alpine:3.24
echo hello
