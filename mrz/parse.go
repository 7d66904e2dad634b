package mrz

// Parse reads MRZ lines. Not implemented yet.
func Parse(lines []string, opt *Options) (*Result, error) { return nil, ErrNotMRZ }
