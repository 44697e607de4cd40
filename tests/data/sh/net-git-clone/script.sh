#% image: node:24
git --version
git clone https://github.com/x/y.git
