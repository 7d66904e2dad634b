package batch

import (
	"strings"
	"testing"
)

// FuzzReadManifest: any input gives jobs with a file each, or an error and
// no jobs; never a panic.
func FuzzReadManifest(f *testing.F) {
	f.Add("{\"file\":\"a.jpg\",\"issuingCountry\":\"UTO\",\"idType\":\"passport\"}\n# c\n\n", false)
	f.Add("file,country,type,back\na.jpg,UTO,passport,a_back.jpg\n", true)
	f.Add("file\n\"unterminated\n", true)
	f.Add("{\"file\":\"\"}", false)
	f.Fuzz(func(t *testing.T, in string, isCSV bool) {
		jobs, err := ReadManifest(strings.NewReader(in), isCSV)
		if err != nil {
			if jobs != nil {
				t.Fatal("jobs alongside an error")
			}
			return
		}
		for _, j := range jobs {
			if strings.TrimSpace(j.File) == "" {
				t.Fatalf("job without a file: %+v", j)
			}
		}
	})
}
