export GREETING=hi
X=1 sh -c 'echo "$X $GREETING"'
echo "X=${X:-unset}"
