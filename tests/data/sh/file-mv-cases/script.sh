#% cwd: /w
touch a && mkdir d
mv a b && ls
mv b d/ && ls d
mv -v d /moved
mv /nope /x
mv /moved /moved/inner
