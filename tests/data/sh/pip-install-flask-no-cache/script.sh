#% image: python:3.12-slim
pip install --no-cache-dir flask
ls /root/.cache 2>/dev/null || echo "no pip cache"
