#% image: nginx:1.31
#% env: NAME=Layercake
echo "hello $NAME" > /usr/share/nginx/html/index.html
