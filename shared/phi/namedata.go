package phi

import (
	_ "embed"
	"strings"
)

// The name lexicon: given names and surnames from the US Census Bureau's
// 1990 name-frequency files (public domain; see data/gen_names.go for the
// source, licence and how the files are made). A name that is also an
// English word ("Grace", "Park") is marked in the files and gets
// clsNameWord instead of clsFirstName: it is a name only beside another
// name.
//
// data/given-world.txt adds the given names of other cultures that those
// US lists lack (Cathal, Eimear, Wiremu, Thandiwe), written by the team:
// a writer's client from anywhere is a name to the lists, not only to the
// shape of her words.
//
// The files are embedded as strings and the map keys are substrings of
// them, so loading copies no name: 425 KB of data in the binary.
var (
	//go:embed data/given.txt
	givenData string
	//go:embed data/given-world.txt
	worldGivenData string
	//go:embed data/surnames.txt
	surnameData string
)

// nameClasses are the classes a word may have and still be read as part
// of a name.
const nameClasses = clsFirstName | clsSurname | clsNameWord

// eachEntry calls fn with each line of an embedded lexicon file but blank
// lines and '#' comments. The lines are substrings of data: loading copies
// no name.
func eachEntry(data string, fn func(line string)) {
	for len(data) > 0 {
		line := data
		if i := strings.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = ""
		}
		if line != "" && line[0] != '#' {
			fn(line)
		}
	}
}

func loadNames(data string, c class) {
	eachEntry(data, func(line string) {
		cc := c
		if line[len(line)-1] == '*' {
			line = line[:len(line)-1]
			if c == clsFirstName {
				cc = clsNameWord
			} else {
				cc |= clsNameWord
			}
		}
		old := lexicon[line]
		if c == clsFirstName && old&^nameClasses != 0 {
			// "jan", "dr", "will": a word the guard reads as something
			// else is not a given name.
			cc = clsNameWord
		}
		lexicon[line] = old | cc
	})
}
