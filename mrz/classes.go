package mrz

func initClasses() {}
