printf '%s\n' one two three
printf '%-8s|%8s|\n' left right
printf '%d %i %05d %+d %x %X %o %#o\n' 42 -3 7 5 255 255 8 8
printf '%.2f %10.3f %e %g\n' 3.14159 2.5 12345.678 0.0001
printf '%c%c%c\n' abc def ghi
printf '%b\n' 'a\tb' 'c\nd'
printf '100%%\n'
printf '%s=%s\n' a 1 b
printf 'no newline'
printf '\n%d\n' "'A"
