package synth

import (
	"strings"
	"testing"
)

// TestScriptGlyphs checks that every Hangul, Hanja and Devanagari string
// the layouts print has a glyph in each font that may print it: a missing
// glyph would draw '?' into an image whose truth says otherwise.
func TestScriptGlyphs(t *testing.T) {
	fonts, err := loadFonts()
	if err != nil {
		t.Skip(err)
	}
	ts := newTypesetter(fonts)
	var korean []string
	for _, p := range append(append([]hanPair(nil), krSurnames...), krGiven...) {
		korean = append(korean, p.hangul, p.hanja)
	}
	for _, c := range krCities {
		korean = append(korean, c.city)
		korean = append(korean, c.districts...)
	}
	korean = append(korean, krStreets...)
	korean = append(korean, krApartments...)
	korean = append(korean, krPlateLetters...)
	for _, p := range krPolice {
		korean = append(korean, p[0], p[1])
	}
	korean = append(korean, "주민등록증", "자동차운전면허증", "성명", "주민번호", "주소", "적성검사기간", "조건", "없음", "A(자동)", "B(의수)", "암호일련번호",
		"1종 보통", "2종 보통", "1종 대형", "2종 소형", "1종 특수", "자동차등록증", "문서확인번호", "①②③④⑤⑥⑦⑧⑨⑩⑪",
		"자동차등록번호 차종 용도 차명 형식 및 모델연도 차대번호 원동기형식 사용본거지 성명(명칭) 주민(법인)등록번호",
		"자동차관리법 제8조 및 같은 법 시행규칙 제27조제1항에 따라 위와 같이 등록하였음을 증명합니다.", "최초등록일 :", "년월일", "제원",
		"제원관리번호 형식승인번호 길이 너비 높이 총중량 배기량 정격출력 승차정원 최대적재량 기통수 연료의 종류 휘발유 경유 전기 명", "검사유효기간", "자가용 영업용")
	for _, v := range krVehicles {
		korean = append(korean, v.maker, v.model, v.class)
	}
	hindi := []string{"भारत सरकार", "मेरा आधार, मेरी पहचान", devaVisual("पुरुष"), devaVisual("महिला"), "पता", devaVisual("आयकर विभाग"), "नाम", devaVisual("पिता का नाम")}
	check := func(f fontID, ss []string) {
		for _, s := range ss {
			fc := ts.face(f, 64*20)
			for _, r := range s {
				if r == ' ' || r < 128 {
					continue
				}
				if _, _, ok := fc.GlyphBounds(r); !ok {
					t.Errorf("font %d has no glyph for %q (in %q)", f, r, s)
				}
			}
		}
	}
	for _, f := range []fontID{fontKRGothic, fontKRGothicBd, fontKRBatang, fontKRDotum} {
		check(f, korean)
	}
	for _, f := range []fontID{fontDeva, fontDevaBd} {
		check(f, hindi)
	}
	if got := devaVisual("विभाग"); !strings.HasPrefix(got, "ि") {
		t.Errorf("devaVisual(विभाग) = %q, want the vowel sign first", got)
	}
}
