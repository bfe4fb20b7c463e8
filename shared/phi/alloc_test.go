package phi

import "testing"

// Check stays allocation-light in every script it reads: the findings it
// returns are its only allocations, one a finding at the most.
func TestCheckAllocations(t *testing.T) {
	if raceDetector {
		t.Skip("the race detector allocates on its own")
	}
	for _, text := range []string{
		"Marcy Feldman loved her lip filler, swelling gone by day 3",
		"Reminder: your appointment at Highline Aesthetics is tomorrow. Reply C to confirm.",
		"어제 필러 맞으신 김서연님 붓기가 아직 있대요, 원장님 확인 부탁",
		"새로 입사한 이수진씨를 소개합니다, 레이저 전문 간호사예요",
		"مرحبا سلمى، موعد الفيلر تبعك بكرا الساعة ٤",
		"Chị Hương ơi, tuần sau em dời lịch laser triệt lông nách của chị qua thứ Năm",
		"acct #PX-22019 (Maren Holt) has a $90 credit from her cancelled peel",
		"郑先生打了 Kybella 双下巴，肿到说话都不舒服，让护士 call back",
		"Ирина Ковальчук жалуется: после лазерной эпиляции ожоги на голенях",
		"佐藤さんから連絡：ヒアルロン酸注入後、右の頬がまだ腫れているとのこと",
	} {
		want := float64(max(1, len(Check(text)))) // the lexicon and the pool are built on first use
		if n := testing.AllocsPerRun(20, func() { Check(text) }); n > want {
			t.Errorf("Check(%q) allocates %v times, want at most %v", text, n, want)
		}
	}
}
