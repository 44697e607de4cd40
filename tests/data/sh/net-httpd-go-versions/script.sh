#% image: httpd:2.4
httpd -v
