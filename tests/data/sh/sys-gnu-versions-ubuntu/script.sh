#% image: ubuntu:24.04
grep --version | sed -n 1p
tar --version | sed -n 1p
