# The two entry points of the README.
#   make demo   installs what is missing and recognises the bundled sample
#   make test   installs what is missing and runs the whole test suite

GO ?= go
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
