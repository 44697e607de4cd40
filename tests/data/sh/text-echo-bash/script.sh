#% argv: exec
["/bin/bash", "-c", "echo 'a\\tb'; echo -e 'a\\tb'; echo -n x; echo; [ a == a ] && echo eq; [ x -eq 1 ]; echo \"status $?\"; [ -d /; printf '%d\\n' abc; cat /dev/null; echo hi | tee /dev/null"]
