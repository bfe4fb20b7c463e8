package phi

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// Chinese in characters, as a San Gabriel Valley desk writes on WeChat.
// Chinese has no spaces and no capitals: a run of characters is one word
// to the tokenizer ("王太太明天下午两点"), so the health words are found
// inside it, and a client is read from a family name with a title ("王太太",
// "郑先生", "黄小姐") or from an English given name with a Chinese family
// name after it ("Kevin 刘", "Tina 吴"), as Chinese-American clients are
// written. Staff go by their role ("Dr. Ho", "王医生", "护士").

// chineseHealth are treatments, conditions and body areas, found inside a
// run of characters: laser, spot removal, skin booster, hyaluronic acid,
// botulinum, slimming injection, injection, follow-up visit, post-op, swollen,
// allergy, droop, scar, acne, red spots, headache, double chin, asymmetry,
// pregnant, diabetes, high blood pressure, infection, bruise, pain,
// surgery, dimple filler.
var chineseHealth = []string{"激光", "祛斑", "水光针", "玻尿酸", "肉毒", "瘦脸针", "打针", "注射",
	"复诊", "术后", "肿", "过敏", "下垂", "疤", "痘", "红点", "头痛", "双下巴", "不对称", "怀孕",
	"糖尿病", "高血压", "感染", "淤青", "瘀青", "疼", "痛", "手术", "填充", "热玛吉", "超声刀",
	"脱毛", "祛痘", "皮秒", "微针", "溶脂", "发炎", "红肿"}

// chineseHealthBytes and chineseTitleBytes are the lists as bytes, made
// with the lexicon, so a word is searched without a copy.
var chineseHealthBytes, chineseTitleBytes [][]byte

func buildChinese() {
	chineseHealthBytes, chineseTitleBytes = asBytes(chineseHealth), asBytes(chineseTitles)
}

func asBytes(list []string) [][]byte {
	b := make([][]byte, len(list))
	for i, s := range list {
		b[i] = []byte(s)
	}
	return b
}

// containsAny: one of list stands in w.
func containsAny(w []byte, list [][]byte) bool {
	for _, s := range list {
		if bytes.Contains(w, s) {
			return true
		}
	}
	return false
}

// chineseTitles after a family name make a client of it: Mrs., Mr., Miss,
// Ms., auntie, mother.
var chineseTitles = []string{"太太", "先生", "小姐", "女士", "阿姨", "妈妈"}

// chineseSurnames are the commonest Chinese family names.
const chineseSurnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"

// hanWord: word w opens with a CJK ideograph (U+4E00 to U+9FFF, whose
// UTF-8 lead bytes are 0xE4 to 0xE9).
func hanWord(w []byte) bool {
	return len(w) >= 3 && w[0] >= 0xE4 && w[0] <= 0xE9
}

// chineseClass is the health classes of a run of characters.
func chineseClass(w []byte) class {
	if containsAny(w, chineseHealthBytes) {
		return clsCondition
	}
	return 0
}

// chineseTitled: the run of characters at word k holds a family name and a
// client's title: "王太太明天下午两点", "郑先生打了".
func (a *analysis) chineseTitled(k int) bool {
	w := a.lw(k)
	for _, t := range chineseTitleBytes {
		i := bytes.Index(w, t)
		if i < 3 {
			continue
		}
		r, _ := utf8.DecodeLastRune(w[:i])
		if r != utf8.RuneError && strings.ContainsRune(chineseSurnames, r) {
			return true
		}
	}
	return false
}

// chineseSurnameAfter: word k is a single Chinese family name after an
// English given name, "Kevin 刘", "Jessica 许".
func (a *analysis) chineseSurnameAfter(k int) bool {
	w := a.lw(k)
	r, size := utf8.DecodeRune(w)
	return size == len(w) && size == 3 && strings.ContainsRune(chineseSurnames, r) &&
		k > 0 && a.sameSent(k-1, k) && a.sep(k) == " " && a.has(k-1, clsFirstName) && a.hasFlag(k-1, wCap)
}

// scanChinese refuses a text that names a client in Chinese beside a
// treatment or condition.
func (a *analysis) scanChinese() {
	if a.patientRef || !a.health {
		return
	}
	for k := range a.words {
		if a.kana {
			if a.japaneseClient(k) {
				a.flag(KindName) // "田中様、明日14時のボトックス", "佐藤さんから連絡：ヒアルロン酸注入後"
				a.patientRef, a.scriptName = true, true
				return
			}
			continue // 先生 after a name is a Japanese doctor
		}
		if hanWord(a.lw(k)) && (a.chineseTitled(k) || a.chineseSurnameAfter(k)) {
			a.flag(KindName) // "郑先生打了 Kybella 双下巴", "客人 Kevin 刘 ... jawline filler"
			a.patientRef, a.scriptName = true, true
			return
		}
	}
}
