package phi

// Japanese, as a Seattle desk writes to its Japanese-speaking clients. A
// client is a family name with 様 or さん ("田中様", "佐藤さんから連絡");
// staff are 先生 or 院長. The health words are found inside a run of
// characters, as Chinese ones are (chinese.go); 先生 after a family name is
// a doctor in a Japanese text, not the Chinese "Mr.".

// japaneseHealth: Botox, hyaluronic acid, laser, hair removal, spots,
// swelling, redness, allergy, pregnancy, HIFU, thread lift, Dermapen,
// melasma, keloid, pigmentation, numbness, anaesthesia, lidocaine,
// injection, filler, post-op, pico, treatment, procedure, acne, bruising,
// pain, blepharoplasty.
var japaneseHealth = []string{"ボトックス", "ヒアルロン酸", "レーザー", "脱毛", "シミ", "腫れ", "赤み",
	"アレルギー", "妊娠", "ハイフ", "糸リフト", "ダーマペン", "肝斑", "ケロイド", "色素沈着", "しびれ",
	"麻酔", "リドカイン", "注入", "フィラー", "術後", "ピコ", "治療", "施術", "ニキビ", "内出血", "痛み",
	"ひきつれ", "トーニング", "ハイドラフェイシャル"}

// japaneseSurnames are the commonest Japanese family names.
var japaneseSurnames = []string{"佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林",
	"加藤", "吉田", "山田", "佐々木", "山口", "松本", "井上", "木村", "斎藤", "斉藤", "清水", "山崎",
	"池田", "橋本", "阿部", "石川", "山下", "中島", "石井", "小川", "前田", "岡田", "長谷川", "藤田",
	"後藤", "近藤", "村上", "遠藤", "青木", "坂本", "福田", "太田", "西村", "藤井", "金子", "岡本",
	"藤原", "中野", "三浦", "原田", "中川", "松田", "竹内", "小野", "田村", "中山", "和田", "石田",
	"上田", "森田", "柴田", "宮崎", "酒井", "工藤", "横山", "宮本", "内田", "高木", "安藤", "島田",
	"谷口", "大野", "高田", "丸山", "今井", "河野", "藤本", "村田", "武田", "上野", "杉山", "増田",
	"小山", "大塚", "平野", "菅原", "久保", "松井", "千葉", "岩崎", "桜井", "木下", "野口", "松尾"}

var japaneseHealthBytes, japaneseClientNames [][]byte

func buildJapanese() {
	japaneseHealthBytes = asBytes(japaneseHealth)
	for _, s := range japaneseSurnames {
		japaneseClientNames = append(japaneseClientNames, []byte(s+"様"), []byte(s+"さん"))
	}
}

// japaneseClass is the health class of a run of Japanese characters.
func japaneseClass(w []byte) class {
	if containsAny(w, japaneseHealthBytes) {
		return clsCondition
	}
	return 0
}

// japaneseClient: the run at word k holds a family name with 様 or さん.
func (a *analysis) japaneseClient(k int) bool {
	return containsAny(a.lw(k), japaneseClientNames)
}

// japaneseKana: a run of characters that holds hiragana or katakana past
// its first character ("田中様、" holds none; "佐藤さんから" does).
func japaneseKana(w []byte) bool {
	for i := 0; i+2 < len(w); i++ {
		if w[i] == 0xE3 && (w[i+1] == 0x81 || w[i+1] == 0x82 || w[i+1] == 0x83) {
			return true
		}
	}
	return false
}
