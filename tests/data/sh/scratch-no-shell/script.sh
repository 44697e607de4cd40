#% image: scratch
echo hi
