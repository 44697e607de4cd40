#% image: alpine:3.20
x=world; echo 'single $x' "double \"q\" $x" \$ plain\ space
