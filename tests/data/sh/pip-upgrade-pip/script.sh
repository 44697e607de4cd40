#% image: python:3.12-slim
pip install --no-cache-dir --upgrade pip
