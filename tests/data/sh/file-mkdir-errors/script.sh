mkdir /app && echo created
mkdir /app
echo "status $?"
mkdir /missing/child
echo "status $?"
mkdir -m 700 /secret && stat -c '%a %n' /secret
