#% image: alpine:3.20
echo $((1+2)) $(( ${#PATH} * 2 ))
