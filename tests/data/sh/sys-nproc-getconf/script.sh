#% image: alpine:3.20
nproc
getconf _NPROCESSORS_ONLN
getconf LONG_BIT
