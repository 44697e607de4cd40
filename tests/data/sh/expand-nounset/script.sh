set -u
echo "${UNSET_OK:-fine}"
echo $NOPE
echo never
