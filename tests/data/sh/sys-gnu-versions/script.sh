grep --version | sed -n 1p
sed --version | sed -n 1p
tar --version | sed -n 1p
gzip --version | sed -n 1p
