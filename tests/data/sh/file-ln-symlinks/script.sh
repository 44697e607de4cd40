#% cwd: /usr/local/bin
ln -s /usr/bin/env
ln -s env env2
ln -s env env2
echo "status $?"
ln -sf /usr/bin/dash env2
readlink env env2
readlink -f env2
ls -l env
