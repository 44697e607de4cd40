#% image: golang:1.26-alpine
go version
go build -o app .
