package phi

import "unicode/utf8"

// Names typed with their accents ("Hương", "Nguyễn", "Zoë", "Inés") are in
// the Census and SSA lists without them, as the agencies record them. A
// capitalised word the lexicon does not know as a name is looked up once
// more with its accents folded, for its name classes only: "làm" folded is
// the name "lam" too, so a lower-case word is never folded.

// foldLatin1Ext is the base letter of each rune from U+00C0 to U+024F
// (Latin-1 Supplement, Latin Extended-A and -B), and foldVietnamese of
// each from U+1E00 to U+1EFF (Latin Extended Additional, where
// Vietnamese's stacked tone marks are), lower-cased; '.' where there is
// none (×, æ, ß). Made from the Unicode canonical decompositions (the first
// code point of each rune's NFD form), with đ, ø and ł, which have none,
// as d, o and l.
const (
	foldLatin1Ext = "aaaaaa.ceeeeiiii.nooooo.ouuuuy..aaaaaa.ceeeeiiii.nooooo.ouuuuy.y" +
		"aaaaaaccccccccddddeeeeeeeeeegggggggghh..iiiiiiiii...jjkk.llllll." +
		".llnnnnnn...oooooo..rrrrrrsssssssstttt..uuuuuuuuuuuuwwyyyzzzzzz." +
		"................................oo.............uu..............." +
		".............aaiioouuuuuuuuuu.aaaa....ggkkoooo..j...gg..nnaa...." +
		"aaaaeeeeiiiioooorrrruuuusstt..hh......aaeeooooooooyy............" +
		"................"
	foldVietnamese = "aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmm" +
		"mmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvv" +
		"wwwwwwwwwwxxxxyyzzzzzzhtwy......aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee" +
		"eeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy......"
)

// cyrillicLatin is the Latin spelling of each Russian letter from а to я,
// as names are transliterated in US records (ь and ъ are silent).
var cyrillicLatin = [32]string{"a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m",
	"n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"}

// foldAccents writes the lower-cased word w into buf with its accents
// folded and its Cyrillic letters spelled in Latin, and returns it, or nil
// when w has no letter to fold or a rune that does not fold (a word in
// another script, or longer than buf).
func foldAccents(buf []byte, w []byte) []byte {
	n, folded := 0, false
	for i := 0; i < len(w); {
		r, size := utf8.DecodeRune(w[i:])
		i += size
		b := byte(r)
		switch {
		case r < utf8.RuneSelf:
		case r >= 0xC0 && r <= 0x24F:
			b = foldLatin1Ext[r-0xC0]
			folded = true
		case r >= 0x1E00 && r <= 0x1EFF:
			b = foldVietnamese[r-0x1E00]
			folded = true
		case r >= 0x0410 && r <= 0x044F || r == 0x0401 || r == 0x0451:
			// Cyrillic, as the name is spelled in the lists: "Наташа" is
			// natasha, "Ковальчук" kovalchuk.
			if r < 0x0430 {
				r += 0x20
			}
			t := "yo"
			if r != 0x0401 && r != 0x0451 {
				t = cyrillicLatin[r-0x0430]
			}
			if n+len(t) > len(buf) {
				return nil
			}
			n += copy(buf[n:], t)
			folded = true
			continue
		default:
			return nil
		}
		if b == '.' || n == len(buf) {
			return nil
		}
		buf[n] = b
		n++
	}
	if !folded {
		return nil
	}
	return buf[:n]
}
