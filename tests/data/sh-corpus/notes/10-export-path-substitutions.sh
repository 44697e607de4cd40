#% image: ubuntu:22.04
export PATH=/opt/app/bin:$PATH && echo $(uname -m) ${HOME:-/root} `date +%Y`
