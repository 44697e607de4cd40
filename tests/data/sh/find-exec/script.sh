#% cwd: /proj
mkdir -p logs && touch logs/a.log logs/b.log keep.txt
find . -name '*.log' -exec echo found {} \;
find . -name '*.log' -exec echo batch {} +
find . -type f -name '*.log' -exec rm {} \;
ls logs
find . -exec true \;
