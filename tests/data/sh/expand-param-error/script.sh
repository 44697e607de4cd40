echo before
echo "${MISSING:?must be set}"
echo never
