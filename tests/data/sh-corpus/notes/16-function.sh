#% image: alpine:3.20
f() { echo hi; }; f
