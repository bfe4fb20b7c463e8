package phi

import (
	"strings"
	"unicode/utf8"
)

// Korean in Hangul, as a Koreatown desk types it to clients and in its
// memos. Hangul has no capitals, so none of the name shapes the rest of
// the guard reads are there, and particles stick to the word before them
// ("보톡스를", "필러가"). What marks a client instead is the honorific
// suffix: "박민지님", "혜린씨", "Soojin Lee 고객님". Staff are called by
// their title ("원장님", "실장님"), which the suffix rule leaves alone.

// buildKorean adds the Hangul health words to the lexicon: procedures and
// drugs, conditions, body areas, and the nouns for a client.
func buildKorean() {
	addWords(clsTreatment, `보톡스 필러 울쎄라 리쥬란 써마지 레이저 제모 리프팅 실리프팅 프락셀
		인모드 피코토닝 토닝 물광주사 주사 지방분해주사 시술 슈링크 쥬베룩 스컬트라 엑소좀
		스킨부스터 부스터 필링 아쿠아필 히알루로니다제 위고비 마운자로 오젬픽 삭센다 수술 처방
		항생제 연고 동의서 사후관리 레이저토닝 윤곽주사 물광 프로파일로`)
	addWords(clsCondition, `여드름 흉터 기미 잡티 모낭염 붓기 알러지 알레르기 두드러기 화상
		임신 혈액희석제 검버섯 부작용 통증 염증 가려움 홍조 아토피 탈모 당뇨 고혈압 멍 흉 괴사
		비대칭 결절 수유 모유수유`)
	addWords(clsBody, `이마 눈밑 입술 턱 볼 팔자 미간 목 겨드랑이 종아리 승모근 눈가 얼굴`)
	addWords(clsPatientNoun, `고객 고객님 환자 환자분 회원님 客人 顾客 客户 病人`)
	for _, s := range []string{"김", "이", "박", "최", "정", "강", "조", "윤", "장", "임",
		"한", "오", "서", "신", "권", "황", "안", "송", "류", "유", "전", "홍", "고", "문",
		"양", "손", "배", "백", "허", "남", "심", "노", "하", "곽", "성", "차", "주", "우",
		"구", "나", "민", "진", "지", "엄", "채", "원", "천", "방", "공", "현", "함", "변",
		"염", "여", "추", "도", "소", "석", "선", "설", "마", "길", "연", "위", "표", "명",
		"기", "반", "왕", "금", "옥", "육", "인", "맹", "제", "모", "탁", "국", "어", "은", "편", "용"} {
		koreanSurnames[s] = true
	}
}

// koreanTitles are the words before 님 that name a role, not a person.
var koreanTitles = map[string]bool{"원장": true, "선생": true, "고객": true, "실장": true,
	"부장": true, "팀장": true, "과장": true, "대표": true, "사장": true, "교수": true,
	"기사": true, "회원": true, "어머": true, "아버": true, "사모": true, "따": true,
	"아드": true, "할머": true, "할아버": true, "형": true, "누": true, "언": true, "손": true,
	"간호사": true, "상담실장": true, "매니저": true, "작가": true, "인플루언서": true,
	"모델": true, "여러분": true, "환자": true, "담당": true, "고객센터": true,
	"강사": true, "주임": true, "대리": true, "이사": true, "상무": true, "전무": true,
	"부원장": true, "선배": true, "후배": true, "하느": true, "부처": true,
	"의사": true, "약사": true, "센터장": true, "지점장": true, "아가": true}

// koreanSurnames are the commonest Korean family names, a syllable each:
// a three-syllable word that opens with one and takes 님 is a full name.
var koreanSurnames = map[string]bool{}

// koreanClientWords after a name say it is a client's: customer, member,
// patient.
var koreanClientWords = map[string]bool{"고객님": true, "고객": true, "회원님": true, "환자분": true, "환자": true}

// koreanStaffStems open the words of a team member's news: introduce,
// joined, nurse, employee, staff, manager, training, new hire.
var koreanStaffStems = []string{"소개", "입사", "간호사", "직원", "스태프", "실장", "상담실장", "교육", "신입"}

func (a *analysis) koreanStaffWord(m int) bool {
	w := a.lw(m)
	for _, st := range koreanStaffStems {
		if len(w) >= len(st) && string(w[:len(st)]) == st {
			return true
		}
	}
	return false
}

// hangulWord: w is Hangul syllables only; it returns how many.
func hangulWord(w []byte) int {
	n := 0
	for i := 0; i < len(w); {
		r, size := utf8.DecodeRune(w[i:])
		if r < 0xAC00 || r > 0xD7A3 {
			return 0
		}
		i += size
		n++
	}
	return n
}

// koreanClass is the classes of a Hangul word the lexicon has not found
// whole: those of its longest known opening of two syllables or more
// ("보톡스를" is 보톡스 and a particle), else of its longest known ending
// ("눈밑필러" is a filler). Every syllable is three bytes.
func koreanClass(w []byte) class {
	n := hangulWord(w)
	for k := n - 1; k >= 2; k-- {
		if c := lexicon[string(w[:3*k])]; c != 0 {
			return c
		}
	}
	for k := n - 1; k >= 2; k-- {
		if c := lexicon[string(w[len(w)-3*k:])]; c != 0 {
			return c
		}
	}
	return 0
}

// koreanName: word k is a Hangul name with its honorific, "박민지님",
// "수진님", "혜린씨": 씨 after two or three syllables, 님 after two that
// are no title or three that open with a family name.
func (a *analysis) koreanName(k int) bool {
	w := a.lw(k)
	n := hangulWord(w)
	// a particle after the honorific: "오지은님이", "혜린씨는"
	for p := 1; p <= 2 && n-p >= 3; p++ {
		if h := string(w[len(w)-3*p-3 : len(w)-3*p]); (h == "님" || h == "씨") && koreanParticles[string(w[len(w)-3*p:])] {
			w, n = w[:len(w)-3*p], n-p
			break
		}
	}
	if n < 3 || n > 4 {
		return false
	}
	stem, suffix := w[:len(w)-3], string(w[len(w)-3:])
	switch suffix {
	case "씨":
		return string(stem) != "아가"
	case "님":
		// three syllables that open with a family name, or a given name
		// of two: "박민지님", "수진님"
		return !koreanTitles[string(stem)] && (n == 3 || koreanSurnames[string(stem[:3])] && !koreanTitles[string(stem[3:])])
	}
	return false
}

// koreanFullName: word k is three Hangul syllables that open with a family
// name, as a full name is written.
func (a *analysis) koreanFullName(k int) bool {
	w := a.lw(k)
	return hangulWord(w) == 3 && koreanSurnames[string(w[:3])]
}

// koreanSpeaker: word k is a chat line's speaker, a three-syllable Hangul
// name that opens with a family name, then a colon: "[오후 2:01] 정미숙:".
func (a *analysis) koreanSpeaker(k int) bool {
	return a.koreanFullName(k) && a.hasFlag(k, wColon) &&
		(k == 0 || !a.sameSent(k-1, k) || a.hasFlag(k-1, wDigits))
}

// koreanMemoName: word k is a field of a memo, a three-syllable Hangul
// name that opens with a family name, set off by slashes: "예약메모: 송하나
// / 여드름 흉터 / 프락셀 1차".
func (a *analysis) koreanMemoName(k int) bool {
	return a.koreanFullName(k) && k+1 < a.n() &&
		strings.TrimSpace(a.sep(k+1)) == "/" && (a.hasFlag(k-1, wColon) || strings.TrimSpace(a.sep(k)) == "/")
}

// scanKorean refuses a text that names a client in Hangul beside a
// treatment or condition, unless the name's sentence is about staff.
func (a *analysis) scanKorean() {
	if a.patientRef || !a.health {
		return
	}
	for _, nm := range a.names {
		if k := nm.last + 1; nm.role != roleStaff && a.sameSent(nm.last, k) && a.sep(k) == " " && koreanClientWords[string(a.lw(k))] {
			a.flag(KindName) // "Soojin Lee 고객님 리쥬란 3회차": the name is a client's
			a.patientRef, a.scriptName = true, true
			return
		}
	}
	for k := 0; k+1 < a.n(); k++ {
		if a.sameSent(k, k+1) && a.sep(k+1) == " " && (koreanClientWords[string(a.lw(k+1))] || koreanHonorific(a.lw(k+1))) &&
			(a.has(k, nameClasses) || a.koreanFullName(k)) {
			a.flag(KindName) // "jenny choi 고객 피코토닝", "김민지 고객님 울쎄라", "최영숙 님"
			a.patientRef, a.scriptName = true, true
			return
		}
	}
	for k := range a.words {
		if !a.koreanName(k) && !a.koreanSpeaker(k) && !a.koreanMemoName(k) {
			continue
		}
		// a staff word beside the name makes it staff's ("간호사 민지씨");
		// one elsewhere in the sentence is staff doing their work for the
		// client ("오지은님이 ... 구토 심하다고 함, 간호사 확인 필요")
		staff := false
		for m := max(0, k-1); m <= k+1 && m < a.n(); m++ {
			if m != k && a.sameSent(k, m) && (a.koreanStaffWord(m) || a.has(m, clsStaffRole) || staffNouns[string(a.lw(m))]) {
				staff = true
			}
		}
		if !staff {
			a.flag(KindName)
			a.patientRef, a.scriptName = true, true
			return
		}
	}
}

// koreanParticles follow a name's 님 or 씨: subject, topic, object,
// possessive, "to", "also".
var koreanParticles = map[string]bool{"": true, "이": true, "은": true, "을": true, "의": true,
	"께": true, "께서": true, "도": true, "에게": true, "한테": true, "는": true, "가": true, "를": true}

// koreanHonorific: w is 님 or 씨 standing after a name, with a particle
// or none: "Grace Park 님이 피코토닝 5회", "최영숙 님".
func koreanHonorific(w []byte) bool {
	if len(w) < 3 || string(w[:3]) != "님" && string(w[:3]) != "씨" {
		return false
	}
	return koreanParticles[string(w[3:])]
}
