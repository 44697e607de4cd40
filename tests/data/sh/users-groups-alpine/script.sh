#% image: alpine:3.20
groups
adduser -D -H bob && addgroup bob wheel
groups bob
