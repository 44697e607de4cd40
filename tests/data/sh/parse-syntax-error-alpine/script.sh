#% image: alpine:3.20
echo hi; fi
