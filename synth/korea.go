package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	idrecog "github.com/idrecog/idrecog"
	"github.com/idrecog/idrecog/idnum"
)

// hanPair is a Hangul syllable with a Hanja spelling.
type hanPair struct{ hangul, hanja string }

// Korean name and address pools.
var (
	krSurnames = []hanPair{{"김", "金"}, {"이", "李"}, {"박", "朴"}, {"최", "崔"}, {"정", "鄭"}, {"강", "姜"}, {"조", "趙"}, {"윤", "尹"}, {"장", "張"}, {"임", "林"}, {"한", "韓"}, {"오", "吳"}, {"서", "徐"}, {"신", "申"}, {"권", "權"}, {"황", "黃"}, {"안", "安"}, {"송", "宋"}, {"홍", "洪"}, {"유", "柳"}}
	krGiven    = []hanPair{{"민", "敏"}, {"수", "秀"}, {"준", "俊"}, {"영", "英"}, {"지", "智"}, {"현", "賢"}, {"서", "瑞"}, {"연", "延"}, {"호", "浩"}, {"성", "成"}, {"진", "珍"}, {"우", "宇"}, {"재", "在"}, {"희", "熙"}, {"동", "東"}, {"철", "哲"}, {"혜", "惠"}, {"은", "恩"}, {"미", "美"}, {"길", "吉"}, {"태", "泰"}, {"석", "錫"}, {"경", "京"}, {"주", "周"}, {"하", "夏"}, {"윤", "允"}, {"승", "承"}, {"훈", "勳"}, {"상", "相"}, {"원", "元"}}
	krCities   = []struct {
		city      string
		districts []string
	}{
		{"서울특별시", []string{"종로구", "강남구", "마포구", "송파구", "서초구", "용산구"}},
		{"부산광역시", []string{"해운대구", "수영구", "동래구"}},
		{"대구광역시", []string{"수성구", "중구"}},
		{"인천광역시", []string{"남동구", "연수구"}},
		{"광주광역시", []string{"서구", "북구"}},
		{"대전광역시", []string{"유성구", "서구"}},
	}
	krStreets    = []string{"세종대로", "테헤란로", "올림픽로", "중앙대로", "번영로", "도산대로", "한강대로", "월드컵로", "해운대로", "달구벌대로"}
	krApartments = []string{"래미안아파트", "힐스테이트", "푸르지오", "자이아파트", "현대아파트", "삼성아파트"}
	// krPolice maps licence region codes to the police agency's region.
	krPolice = map[string][2]string{ // before 2021, from 2021
		"11": {"서울지방경찰청장", "서울특별시경찰청장"}, "12": {"부산지방경찰청장", "부산광역시경찰청장"},
		"13": {"경기지방경찰청장", "경기도남부경찰청장"}, "14": {"강원지방경찰청장", "강원도경찰청장"},
		"15": {"충북지방경찰청장", "충청북도경찰청장"}, "16": {"충남지방경찰청장", "충청남도경찰청장"},
		"17": {"전북지방경찰청장", "전라북도경찰청장"}, "18": {"전남지방경찰청장", "전라남도경찰청장"},
		"19": {"경북지방경찰청장", "경상북도경찰청장"}, "20": {"경남지방경찰청장", "경상남도경찰청장"},
		"21": {"제주지방경찰청장", "제주특별자치도경찰청장"}, "22": {"대구지방경찰청장", "대구광역시경찰청장"},
		"23": {"인천지방경찰청장", "인천광역시경찰청장"}, "24": {"광주지방경찰청장", "광주광역시경찰청장"},
		"25": {"대전지방경찰청장", "대전광역시경찰청장"}, "26": {"울산지방경찰청장", "울산광역시경찰청장"},
		"28": {"경기북부지방경찰청장", "경기도북부경찰청장"},
	}
)

// korean is a drawn Korean holder.
type korean struct {
	surname, given hanPair
	sex            string
	birth          time.Time
	rrn            string
	city, district string
	address        []string // printed lines
}

func newKorean(r *rand.Rand, now time.Time, minAge int) korean {
	p := korean{surname: pick(r, krSurnames), sex: sexOf(r)}
	a, b := pick(r, krGiven), pick(r, krGiven)
	for b == a {
		b = pick(r, krGiven)
	}
	p.given = hanPair{a.hangul + b.hangul, a.hanja + b.hanja}
	// Born before the October 2020 change, so the check digit holds.
	latest := now.AddDate(-minAge, 0, -1)
	if cut := time.Date(2020, 9, 30, 0, 0, 0, 0, time.UTC); latest.After(cut) {
		latest = cut
	}
	p.birth = dateBetween(r, now.AddDate(-85, 0, 0), latest)
	p.rrn = idnum.GenerateRRN(r, p.birth, p.sex, false)
	c := pick(r, krCities)
	p.city, p.district = c.city, pick(r, c.districts)
	l1 := fmt.Sprintf("%s %s %s %d", p.city, p.district, pick(r, krStreets), 1+r.IntN(400))
	if r.IntN(3) == 0 {
		l1 += fmt.Sprintf("-%d", 1+r.IntN(30))
	}
	p.address = []string{l1}
	if r.IntN(2) == 0 {
		p.address = append(p.address, fmt.Sprintf("%d동 %d호 (%s)", 101+r.IntN(15), (1+r.IntN(25))*100+1+r.IntN(6), pick(r, krApartments)))
	}
	return p
}

func (p korean) name() string  { return p.surname.hangul + p.given.hangul }
func (p korean) hanja() string { return p.surname.hanja + p.given.hanja }

// ocr returns the summary of a Korean holder: ocr_fullName the Hangul name
// as printed (surname first, no space), ocr_lastName the surname,
// ocr_firstName the given name; birth date and sex from the RRN.
func (p korean) ocr() idrecog.OCR {
	return idrecog.OCR{
		FullName: p.name(), FirstName: p.given.hangul, LastName: p.surname.hangul,
		Gender: p.sex, Nationality: "KOR", BirthDate: isoDate(p.birth), IdentityNumber: p.rrn,
	}
}

// koreanStyle switches a style to Korean fonts.
func koreanStyle(r *rand.Rand, st style) style {
	st.capFont = pick(r, []fontID{fontKRGothic, fontKRDotum})
	st.valFont = pick(r, []fontID{fontKRGothic, fontKRGothicBd, fontKRDotum, fontKRBatang})
	st.titleFont = pick(r, []fontID{fontKRGothicBd, fontKRBatang})
	return st
}

// krDate prints a date as on resident registration cards: "2015. 3. 2.".
func krDate(t time.Time) string {
	return fmt.Sprintf("%d. %d. %d.", t.Year(), int(t.Month()), t.Day())
}

// designKorRC lays out a resident registration card (주민등록증): title,
// name with Hanja, RRN, address, issue date and issuing mayor or district
// head, portrait on the right.
//
// Truth keys: name, name_chn, number (RRN YYMMDD-GNNNNNC), address (lines
// joined by a space), issue_date ("2015. 3. 2." style), authority.
// ocr_number and ocr_identityNumber: the RRN.
func designKorRC(r *rand.Rand, k *kind, st style, ts *typesetter, now time.Time) *otherDoc {
	p := newKorean(r, now, 17)
	st = koreanStyle(r, st)
	st.valMM = 2.0 + r.Float64()*0.4
	variant := r.IntN(3)
	issue := dateBetween(r, p.birth.AddDate(17, 0, 0), now)
	if issue.Before(time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC)) {
		issue = dateBetween(r, time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC), now)
	}
	authority := p.city + " " + p.district + "청장"
	f := newSide("front", st, r, k)
	f.specAt = [3]float64{35, 30, -0.25}
	b := &builder{st: st, s: f}
	f.portraits = append(f.portraits, rectMM{58, 9, 81, 38})
	titleX := 4.0
	if variant == 1 {
		titleX = 8
	}
	b.text("", "", "주민등록증", st.titleFont, 3.0, titleX, 8.5, 0, 0, st.pal.accent)
	y := 15.5
	nameX := 5.0
	b.text("name", "", p.name(), st.valFont, st.valMM+0.3, nameX, y, 0, 0, st.pal.ink)
	nw := ts.advance(st.valFont, 100, p.name()) / 100 * ((st.valMM + 0.3) / capRatio(ts, st.valFont))
	b.text("", "", "(", st.valFont, st.valMM, nameX+nw+0.3, y, 0, 0, st.pal.ink)
	hf := pick(r, []fontID{fontKRBatang, fontKRGothic})
	b.text("name_chn", "", p.hanja(), hf, st.valMM, nameX+nw+1.3, y, 0, 0, st.pal.ink)
	hw := ts.advance(hf, 100, p.hanja()) / 100 * (st.valMM / capRatio(ts, hf))
	b.text("", "", ")", st.valFont, st.valMM, nameX+nw+1.5+hw, y, 0, 0, st.pal.ink)
	y += 5.2
	b.text("number", p.rrn, p.rrn, st.valFont, st.valMM, nameX, y, 0, 50, st.pal.ink)
	y += 5.6
	for i, l := range p.address {
		b.text("address", "", l, st.valFont, 1.7, nameX, y, 0, 52, st.pal.ink)
		if i > 0 {
			b.cont()
		}
		y += 3.4
	}
	b.text("issue_date", isoDate(issue), krDate(issue), st.valFont, 1.8, 44, 44.5, 1, 0, st.pal.ink)
	b.text("authority", "", authority, st.titleFont, 2.1, 44, 50, 1, 70, st.pal.ink)
	aw := ts.advance(st.titleFont, 100, authority) / 100 * (2.1 / capRatio(ts, st.titleFont))
	f.seals = append(f.seals, rectMM{44 + aw/2 - 2, 45.8, 44 + aw/2 + 4.5, 52.3})
	o := p.ocr()
	o.Number = p.rrn
	o.IssueDate = isoDate(issue)
	return &otherDoc{country: "KOR", ocr: o, sides: []*sideSpec{f}, variant: variant}
}

// designKorDL lays out a Korean driving licence (자동차운전면허증).
//
// Truth keys: license_number (RR-YY-NNNNNN-CC), license_type (e.g. "1종
// 보통"), name, number (RRN), address, expiry_date (the end of the renewal
// period, printed "2028.01.01~2028.12.31"), issue_date ("2018.05.15"),
// authority, serial (암호일련번호). ocr_number: the licence number;
// ocr_identityNumber: the RRN; ocr_expireDate: the renewal period's end;
// ocr_version: the serial.
func designKorDL(r *rand.Rand, k *kind, st style, ts *typesetter, now time.Time) *otherDoc {
	p := newKorean(r, now, 18)
	st = koreanStyle(r, st)
	st.valMM = 1.8 + r.Float64()*0.35
	variant := r.IntN(2)
	first := dateBetween(r, p.birth.AddDate(18, 0, 0), now)
	issue := first
	if r.IntN(2) == 0 { // renewed since
		issue = dateBetween(r, first, now)
	}
	lic := idnum.GenerateKoreanLicence(r, first.Year())
	region := lic[:2]
	auth := krPolice[region][0]
	if issue.Year() >= 2021 {
		auth = krPolice[region][1]
	}
	renewY := issue.Year() + 10
	from := time.Date(renewY, 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(renewY, 12, 31, 0, 0, 0, 0, time.UTC)
	period := from.Format("2006.01.02") + "~" + to.Format("2006.01.02")
	class := pick(r, []string{"1종 보통", "2종 보통", "1종 대형", "2종 소형", "1종 특수"})
	serial := randAlnum(r, 6)

	f := newSide("front", st, r, k)
	f.specAt = [3]float64{50, 30, -0.25}
	b := &builder{st: st, s: f}
	f.bands = append(f.bands, band{rectMM{0, 0, k.wmm, 8.5}, st.pal.band, 0.5})
	b.text("", "", "자동차운전면허증", st.titleFont, 2.6, 4, 5.2, 0, 0, st.pal.accent)
	b.text("", "", "(Driver's License)", fontSans, 1.4, 40, 5.2, 0, 0, st.pal.accent)
	px := 3.0
	x := 28.0
	if variant == 1 {
		px, x = 60, 4
	}
	f.portraits = append(f.portraits, rectMM{px, 11, px + 22, 39})
	y := 12.5
	b.text("license_type", "", class, st.valFont, 1.7, x, y, 0, 20, st.pal.ink)
	b.text("license_number", lic, lic, st.valFont, st.valMM+0.2, x+18, y, 0, 36, st.pal.ink)
	y += 5
	b.lv("name", "", "성명", st.capFont, 1.3, p.name(), x, y, 52, ts)
	y += 4.2
	b.lv("number", p.rrn, "주민번호", st.capFont, 1.3, p.rrn, x, y, 52, ts)
	y += 4.2
	b.text("", "", "주소", st.capFont, 1.3, x, y, 0, 0, st.pal.caption)
	for i, l := range p.address {
		b.text("address", "", l, st.valFont, 1.45, x+6, y, 0, 48, st.pal.ink)
		if i > 0 {
			b.cont()
		}
		y += 3.2
	}
	if len(p.address) == 1 {
		y += 3.2
	}
	b.lv("expiry_date", isoDate(to), "적성검사기간", st.capFont, 1.2, period, x, y, 54, ts)
	y += 3.6
	b.lv("", "", "조건", st.capFont, 1.2, pick(r, []string{"없음", "A(자동)", "B(의수)"}), x, y, 30, ts)
	b.text("issue_date", isoDate(issue), issue.Format("2006.01.02"), st.valFont, 1.6, 56, 44.5, 1, 0, st.pal.ink)
	b.text("authority", "", auth, st.titleFont, 1.9, 56, 49.5, 1, 50, st.pal.ink)
	aw := ts.advance(st.titleFont, 100, auth) / 100 * (1.9 / capRatio(ts, st.titleFont))
	f.seals = append(f.seals, rectMM{56 + min(aw, 50)/2 - 1.5, 45.5, 56 + min(aw, 50)/2 + 4.5, 51.5})
	b.lv("serial", serial, "암호일련번호", st.capFont, 1.1, serial, 3, 51.5, 26, ts)

	o := p.ocr()
	o.Number = lic
	o.IssueDate = isoDate(issue)
	o.ExpireDate = isoDate(to)
	o.Version = serial
	return &otherDoc{country: "KOR", ocr: o, sides: []*sideSpec{f}, variant: variant}
}

func randAlnum(r *rand.Rand, n int) string {
	const a = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"
	var b strings.Builder
	for range n {
		b.WriteByte(a[r.IntN(len(a))])
	}
	return b.String()
}

// Korean vehicles for the registration certificate.
var krVehicles = []struct{ maker, wmi, model, class, form, engine string }{
	{"현대", "KMH", "쏘나타", "중형 승용", "DN8", "G4NA"},
	{"현대", "KMH", "아반떼", "준중형 승용", "CN7", "G4FL"},
	{"현대", "KMH", "그랜저", "대형 승용", "GN7", "G6DU"},
	{"기아", "KNA", "K5", "중형 승용", "DL3", "G4FP"},
	{"기아", "KNA", "스포티지", "중형 승용", "NQ5", "D4HE"},
	{"기아", "KNA", "쏘렌토", "중형 승용", "MQ4", "D4HD"},
	{"KG모빌리티", "KPT", "티볼리", "소형 승용", "X100", "D16F"},
	{"현대", "KMF", "포터II", "소형 화물", "HR", "D4CB"},
}

// krPlateLetters are the Hangul letters of private-car plates.
var krPlateLetters = []string{"가", "나", "다", "라", "마", "거", "너", "더", "러", "머", "버", "서", "어", "저", "고", "노", "도", "로", "모", "보", "소", "오", "조", "구", "누", "두", "루", "무", "부", "수", "우", "주"}

// designKorVRC lays out a Korean vehicle registration certificate
// (자동차등록증, A4): the numbered main block ① to ⑪, first registration
// and issue dates, the issuing district head with seal, and the 제원
// (specifications) block.
//
// Truth keys: registration_number (plate, "12가 3456"), vehicle_class,
// usage, model_name, model_year, vin, engine_type, base_address, name
// (owner), number (owner's RRN), address, first_registration_date,
// issue_date ("2023년 05월 02일"), authority. ocr_number: the plate;
// ocr_fullName: the owner; ocr_identityNumber: the RRN.
func designKorVRC(r *rand.Rand, k *kind, st style, ts *typesetter, now time.Time) *otherDoc {
	p := newKorean(r, now, 20)
	st = koreanStyle(r, st)
	st.valMM = 2.6 + r.Float64()*0.4
	v := pick(r, krVehicles)
	variant := r.IntN(2)
	plate := fmt.Sprintf("%d%s %04d", 10+r.IntN(90), pick(r, krPlateLetters), r.IntN(10000))
	if r.IntN(2) == 0 {
		plate = fmt.Sprintf("%d%s %04d", 100+r.IntN(900), pick(r, krPlateLetters), r.IntN(10000))
	}
	firstReg := dateBetween(r, now.AddDate(-12, 0, 0), now)
	issue := dateBetween(r, firstReg, now)
	year := firstReg.Year() - r.IntN(2)
	vin := idnum.GenerateVIN(r, v.wmi, false)
	authority := p.city + " " + p.district + "청장"
	krLong := func(t time.Time) string { return t.Format("2006년 01월 02일") }

	f := newSide("front", st, r, k)
	f.specAt = [3]float64{105, 120, -0.4}
	b := &builder{st: st, s: f}
	b.text("", "", "문서확인번호  "+randDigits(r, 4)+"-"+randDigits(r, 4)+"-"+randDigits(r, 4)+"-"+randDigits(r, 4), st.capFont, 2.0, 15, 14, 0, 0, st.pal.caption)
	b.text("", "", "자동차등록증", st.titleFont, 6.0, 105, 30, 1, 0, st.pal.accent)
	ink := st.pal.caption
	x0, x1 := 15.0, 195.0
	mid := 105.0
	rowH := 11.0
	top := 38.0
	type cell struct{ key, norm, cap, val string }
	rows := [][]cell{
		{{"registration_number", "", "① 자동차등록번호", plate}, {"vehicle_class", "", "② 차종", v.class}},
		{{"usage", "", "③ 용도", pick(r, []string{"자가용", "자가용", "영업용"})}, {"model_name", "", "④ 차명", v.model}},
		{{"model_year", "", "⑤ 형식 및 모델연도", fmt.Sprintf("%s %d", v.form, year)}, {"vin", vin, "⑥ 차대번호", vin}},
		{{"engine_type", "", "⑦ 원동기형식", v.engine}, {"", "", "", ""}},
		{{"base_address", "", "⑧ 사용본거지", p.address[0]}},
		{{"name", "", "⑨ 성명(명칭)", p.name()}, {"number", p.rrn, "⑩ 주민(법인)등록번호", p.rrn}},
		{{"address", "", "⑪ 주소", strings.Join(p.address, " ")}},
	}
	if variant == 1 { // owner first
		rows = append(rows[5:], rows[:5]...)
	}
	y := top
	f.line(x0, y, x1, y, ink)
	for _, row := range rows {
		w := (x1 - x0) / float64(len(row))
		for j, c := range row {
			cx := x0 + float64(j)*w
			if j > 0 {
				f.line(cx, y, cx, y+rowH, ink)
			}
			if c.cap == "" {
				continue
			}
			b.text("", "", c.cap, st.capFont, 2.1, cx+1.5, y+4, 0, w-3, st.pal.caption)
			b.text(c.key, c.norm, c.val, st.valFont, st.valMM, cx+3, y+9, 0, w-5, st.pal.ink)
		}
		y += rowH
		f.line(x0, y, x1, y, ink)
	}
	f.line(x0, top, x0, y, ink)
	f.line(x1, top, x1, y, ink)
	y += 9
	b.text("", "", "자동차관리법 제8조 및 같은 법 시행규칙 제27조제1항에 따라 위와 같이 등록하였음을 증명합니다.", st.capFont, 2.0, x0, y, 0, x1-x0, st.pal.caption)
	y += 9
	b.lv("first_registration_date", isoDate(firstReg), "최초등록일 :", st.capFont, 2.2, krLong(firstReg), x0, y, 90, ts)
	y += 10
	b.text("issue_date", isoDate(issue), krLong(issue), st.valFont, 2.6, mid, y, 1, 0, st.pal.ink)
	y += 10
	b.text("authority", "", authority, st.titleFont, 3.4, mid, y, 1, 120, st.pal.ink)
	aw := ts.advance(st.titleFont, 100, authority) / 100 * (3.4 / capRatio(ts, st.titleFont))
	f.seals = append(f.seals, rectMM{mid + aw/2 + 1, y - 9, mid + aw/2 + 15, y + 5})
	// The 제원 block: small print, no keys.
	y += 14
	b.text("", "", "1. 제원", st.titleFont, 2.4, x0, y, 0, 0, st.pal.accent)
	y += 3
	specs := []string{"제원관리번호", "형식승인번호", "길이", "너비", "높이", "총중량", "배기량", "정격출력", "승차정원", "최대적재량", "기통수", "연료의 종류"}
	vals := []string{randDigits(r, 3) + "-" + randDigits(r, 2) + "-" + randDigits(r, 6), "A" + randDigits(r, 2) + "-" + randDigits(r, 1) + "-" + randDigits(r, 5), fmt.Sprintf("%d mm", 4300+r.IntN(700)), fmt.Sprintf("%d mm", 1750+r.IntN(150)), fmt.Sprintf("%d mm", 1400+r.IntN(400)), fmt.Sprintf("%d kg", 1700+r.IntN(800)), fmt.Sprintf("%d cc", 1000+r.IntN(2500)), fmt.Sprintf("%d/%d", 100+r.IntN(200), 5500+r.IntN(1000)), fmt.Sprintf("%d 명", pick(r, []int{5, 5, 7})), "-", fmt.Sprint(pick(r, []int{4, 4, 6})), pick(r, []string{"휘발유", "경유", "LPG", "전기"})}
	f.line(x0, y, x1, y, ink)
	for i := range specs {
		col := i % 2
		cx := x0 + float64(col)*(x1-x0)/2
		if col == 0 && i > 0 {
			y += 8
			f.line(x0, y, x1, y, ink)
		}
		b.text("", "", specs[i], st.capFont, 2.0, cx+1.5, y+5.5, 0, 40, st.pal.caption)
		b.text("", "", vals[i], st.valFont, 2.2, cx+45, y+5.5, 0, 40, st.pal.ink)
	}
	y += 8
	f.line(x0, y, x1, y, ink)
	y += 10
	b.text("", "", "2. 검사유효기간", st.titleFont, 2.4, x0, y, 0, 0, st.pal.accent)
	insp := issue.AddDate(0, 0, 1)
	b.text("", "", insp.Format("2006-01-02")+" ~ "+insp.AddDate(2, 0, -1).Format("2006-01-02"), st.valFont, 2.2, x0+45, y, 0, 0, st.pal.ink)

	o := p.ocr()
	o.Number = plate
	o.Gender, o.BirthDate = "", "" // not printed (only inside the RRN)
	o.IssueDate = isoDate(issue)
	return &otherDoc{country: "KOR", ocr: o, sides: []*sideSpec{f}, variant: variant}
}
