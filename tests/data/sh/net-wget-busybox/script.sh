#% image: alpine:3.20
wget -q https://example.com/file.txt
