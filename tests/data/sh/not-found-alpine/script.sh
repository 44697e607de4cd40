#% image: alpine:3.20
foo
