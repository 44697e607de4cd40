#% image: ubuntu:16.04
echo 'Hi, I am in your container' > /var/www/html/index.html
