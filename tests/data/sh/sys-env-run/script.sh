env FOO=1 sh -c 'echo "FOO=$FOO"'
env -i A=b env
