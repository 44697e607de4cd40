echo 'Hello World' | tr a-z A-Z
echo 'Hello World' | tr '[:upper:]' '[:lower:]'
echo 'a1b2c3' | tr -d '[:digit:]'
echo 'a    b   c' | tr -s ' '
echo 'x-y_z!' | tr -cd '[:alnum:]\n'
echo 'a:b:c' | tr ':' '\n'
echo 'hello' | tr 'a-y' 'b-z'
tr a
echo "status $?"
