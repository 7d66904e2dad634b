# The two entry points of the README.
#   make demo   installs what is missing and recognises the bundled sample
#   make test   installs what is missing and runs the whole test suite

GO ?= go
# Tesseract's OpenMP threads outnumber the cores when tests run in parallel
# and spin (docs/bench.md); one thread per Tesseract call, unless set.
export OMP_THREAD_LIMIT ?= 1
PURE := ./mrz/... ./fields/... ./doctype/... ./geometry ./quality ./aamva/... ./idnum/...

.PHONY: deps demo test test-pure vet

deps:
	@bash scripts/install-deps.sh

demo: deps
	$(GO) run ./cmd/idrecog recognize -front testdata/sample/passport-front.jpg -country UTO -type passport

vet:
	$(GO) vet ./...

test-pure:
	CGO_ENABLED=0 $(GO) test $(PURE)

test: deps vet test-pure
	$(GO) test ./...
	$(GO) test -race . ./server/...
