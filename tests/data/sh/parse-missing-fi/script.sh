if true; then echo yes
