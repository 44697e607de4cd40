echo aaaa | sed 's/a/b/2'
echo aaaa | sed 's/a/b/g'
echo aaaa | sed -n 's/x/y/p'
