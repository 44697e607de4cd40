#% image: alpine:3.20
apk add --no-cache -q python3 py3-pip
pip install flask
