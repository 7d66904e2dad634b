package synth

// The committed corpus (testdata/corpus: 27 documents, 9 per capture level,
// every type) and the README's sample are regenerated with:
//
//go:generate go run ../cmd/idrecog synth -out ../testdata/corpus -n 27 -seed 2026 -level mixed
//go:generate go run ../cmd/idrecog synth -out ../testdata/sample -n 1 -seed 1 -types td3 -level photo -country UTO -name passport-front

// CorpusOptions are the options testdata/corpus was generated with.
var CorpusOptions = Options{Seed: 2026, Level: LevelMixed}

// SampleOptions are the options of testdata/sample/passport-front.jpg
// (document 0).
var SampleOptions = Options{Seed: 1, Types: []string{"td3"}, Level: LevelPhoto, Country: "UTO"}
