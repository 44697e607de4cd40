#% image: alpine:3.20
seq 3
seq -s ' ' 1 5
seq 1 2 7
