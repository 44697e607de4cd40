echo hello world
echo -n no-newline; echo
echo 'tab\there'
echo 'line1\nline2'
echo -e 'dash prints -e'
echo 'cut\chere'
echo '\0101'
