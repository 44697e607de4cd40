#% image: alpine:3.20
echo 'tab\there'
echo -e 'tab\there'
echo -n -e 'x\n'
echo -E 'raw\n'
echo -- -n
