#% image: ubuntu:24.04
useradd -u 1000 x
echo "status $?"
id ubuntu
