package phi

// Checksums turn "looks like a number" into "is one": a random 16-digit
// string passes Luhn one time in ten, a random 17-character string passes
// the VIN check one time in eleven.

func luhnDigit(d int, double bool) int {
	if double {
		d *= 2
		if d > 9 {
			d -= 9
		}
	}
	return d
}

// luhn reports whether the digits of s (other characters ignored) pass the
// Luhn check. Fewer than two digits never pass.
func luhn(s string) bool {
	sum, n, double := 0, 0, false
	for i := len(s) - 1; i >= 0; i-- {
		c := s[i]
		if c < '0' || c > '9' {
			continue
		}
		sum += luhnDigit(int(c-'0'), double)
		double = !double
		n++
	}
	return n >= 2 && sum%10 == 0
}

// ssnValid applies the Social Security Administration's never-issued rules.
func ssnValid(area, group, serial int) bool {
	switch {
	case area <= 0 || area == 666 || area >= 900:
		return false
	case group <= 0 || serial <= 0:
		return false
	case area == 78 && group == 5 && serial == 1120: // the Woolworth wallet card
		return false
	}
	return true
}

// npiValid checks a 10-digit National Provider Identifier: Luhn over the
// number prefixed with 80840, the health-industry issuer prefix.
func npiValid(s string) bool {
	if len(s) != 10 || s[0] != '1' && s[0] != '2' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	var b [15]byte
	copy(b[:], "80840")
	copy(b[5:], s)
	return luhn(string(b[:]))
}

// vinValid checks a North American VIN's check digit (position 9).
func vinValid(s string) bool {
	if len(s) != 17 {
		return false
	}
	weights := [17]int{8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2}
	sum, letters, digits := 0, 0, 0
	for i := 0; i < 17; i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		var v int
		switch {
		case '0' <= c && c <= '9':
			v = int(c - '0')
			digits++
		case c == 'I' || c == 'O' || c == 'Q':
			return false
		case 'A' <= c && c <= 'H':
			v = int(c-'A') + 1
			letters++
		case 'J' <= c && c <= 'R':
			v = int(c-'J') + 1
			letters++
		case 'S' <= c && c <= 'Z':
			v = int(c-'S') + 2
			letters++
		default:
			return false
		}
		sum += v * weights[i]
	}
	if letters < 2 || digits < 2 {
		return false
	}
	check := byte('0' + sum%11)
	if sum%11 == 10 {
		check = 'X'
	}
	c := s[8]
	if 'a' <= c && c <= 'z' {
		c -= 'a' - 'A'
	}
	return c == check
}

// mbiValid checks the shape of a Medicare Beneficiary Identifier
// (1EG4-TE5-MK73, dashes optional). The letters S, L, O, I, B and Z are
// never used, which is what makes the shape specific enough to trust.
func mbiValid(s string) bool {
	var b [11]byte
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '-' {
			continue
		}
		if n == 11 {
			return false
		}
		b[n] = s[i]
		n++
	}
	if n != 11 {
		return false
	}
	const (
		C = 'c' // 1-9
		A = 'a' // letter
		X = 'x' // letter or digit
		N = 'n' // digit
	)
	shape := [11]byte{C, A, X, N, A, X, N, A, A, N, N}
	for i, k := range shape {
		c := b[i]
		letter := 'A' <= c && c <= 'Z' && c != 'S' && c != 'L' && c != 'O' && c != 'I' && c != 'B' && c != 'Z'
		digit := '0' <= c && c <= '9'
		switch k {
		case C:
			if !digit || c == '0' {
				return false
			}
		case A:
			if !letter {
				return false
			}
		case X:
			if !letter && !digit {
				return false
			}
		case N:
			if !digit {
				return false
			}
		}
	}
	return true
}
