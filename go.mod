module github.com/idrecog/idrecog

go 1.26.8

require (
	github.com/otiai10/gosseract/v2 v2.4.1 // indirect
	github.com/prometheus/client_golang v1.25.0 // indirect
	gocv.io/x/gocv v0.31.0 // indirect
	golang.org/x/image v0.48.0 // indirect
	golang.org/x/sys v0.50.0 // indirect
	golang.org/x/text v0.44.0 // indirect
)
