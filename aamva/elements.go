package aamva

// Element identifiers used by the typed accessors (AAMVA CDS Annex D,
// table D.3; version 1 identifiers where they differ).
const (
	IDNumber           = "DAQ" // customer ID number (licence/ID number)
	IDFamilyName       = "DCS"
	IDFirstName        = "DAC"
	IDMiddleNames      = "DAD"
	IDGivenNames       = "DCT" // v2-3: first and middle names
	IDFullName         = "DAA" // v1: LAST,FIRST,MIDDLE,SUFFIX
	IDFamilyNameV1     = "DAB" // v1
	IDSuffixV1         = "DAE" // v1
	IDSuffix           = "DCU"
	IDBirthDate        = "DBB"
	IDExpiryDate       = "DBA"
	IDIssueDate        = "DBD"
	IDSex              = "DBC"
	IDEyes             = "DAY"
	IDHair             = "DAZ"
	IDHeight           = "DAU"
	IDHeightCMV1       = "DAV" // v1
	IDWeightLb         = "DAW"
	IDWeightKg         = "DAX"
	IDWeightRange      = "DCE"
	IDStreet1          = "DAG"
	IDStreet2          = "DAH"
	IDCity             = "DAI"
	IDState            = "DAJ"
	IDPostalCode       = "DAK"
	IDDiscriminator    = "DCF"
	IDCountry          = "DCG"
	IDClass            = "DCA"
	IDRestrictions     = "DCB"
	IDEndorsements     = "DCD"
	IDClassV1          = "DAR"
	IDRestrictionsV1   = "DAS"
	IDEndorsementsV1   = "DAT"
	IDCompliance       = "DDA"
	IDFamilyTruncation = "DDE"
	IDFirstTruncation  = "DDF"
	IDMiddleTruncation = "DDG"
)

// elementOrder is the order Build writes known elements in (the order of
// the standard's table D.3, v1 elements after); unknown ones follow sorted.
var elementOrder = []string{
	"DCA", "DCB", "DCD", "DBA", "DCS", "DAC", "DAD", "DCT", "DBD", "DBB", "DBC",
	"DAY", "DAU", "DAG", "DAH", "DAI", "DAJ", "DAK", "DAQ", "DCF", "DCG",
	"DDE", "DDF", "DDG", "DAZ", "DCI", "DCJ", "DCK", "DBN", "DBG", "DBS",
	"DCU", "DCE", "DCL", "DAW", "DAX", "DDA", "DDB", "DDC", "DDD", "DDH",
	"DDI", "DDJ", "DDK", "DDL", "DCH", "DCM", "DCN", "DCO", "DCP", "DCQ", "DCR",
	"DAA", "DAB", "DAE", "DAF", "DAL", "DAM", "DAN", "DAO", "DAP", "DAR", "DAS",
	"DAT", "DAV", "DBE", "DBF", "DBH", "DBI", "DBJ", "DBK", "DBL", "DBM", "DBO",
	"DBP", "DBQ", "DBR", "DDM", "DDN", "DDO",
	"PAA", "PAB", "PAC", "PAD", "PAE", "PAF",
}

var knownID = func() map[string]bool {
	m := make(map[string]bool, len(elementOrder))
	for _, id := range elementOrder {
		m[id] = true
	}
	return m
}()
