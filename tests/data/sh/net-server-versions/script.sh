#% image: nginx:latest
nginx -v
nginx -t
