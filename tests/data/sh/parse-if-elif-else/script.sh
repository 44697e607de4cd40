x=2
if [ "$x" = 1 ]; then echo one; elif [ "$x" = 2 ]; then echo two; else echo other; fi
if false; then echo no; else echo else-branch; fi
