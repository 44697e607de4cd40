#% image: alpine:3.20
date
date -R
