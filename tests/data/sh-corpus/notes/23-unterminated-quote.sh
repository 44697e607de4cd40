#% image: alpine:3.20
#% parse: error
echo "unterminated
