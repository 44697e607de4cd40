#% image: ubuntu:24.04
usermod -l node ubuntu && groupmod -n node ubuntu && usermod -d /home/node -m node
id node
grep node /etc/passwd /etc/group
