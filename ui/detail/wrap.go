package detail

import (
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// wrapLine word-wraps one line (no '\n') of plain, sanitised text to limit
// cells exactly as ansi.Wrap(s, limit, "") does, returning the lines.
//
// ansi.Wrap segments every non-ASCII character into grapheme clusters,
// which makes a 10 MiB Swedish message take a second. Most text is ASCII
// and Latin letters, each one cell and its own cluster; for a line of only
// those, wrapLine runs ansi.Wrap's algorithm with that knowledge. Any other
// line (combining marks, wide or zero-width characters, escapes) goes to
// ansi.Wrap itself. TestWrapLineIsAnsiWrap holds the two together.
// fits tells emit that the line is known to fit limit cells, one per rune.
func wrapLine(s string, limit int, emit func(line string, fits bool)) {
	if !simpleLine(s) || limit < 1 {
		start := 0
		w := ansi.Wrap(s, limit, "")
		for i := 0; i < len(w); i++ {
			if w[i] == '\n' {
				emit(w[start:i], false)
				start = i + 1
			}
		}
		emit(w[start:], false)
		return
	}
	// The state of ansi.Wrap. ansi.Wrap only drops blanks at a break and
	// never reorders, so the line written so far is the substring
	// s[lineStart:lineEnd] (empty when lineEnd == lineStart) of lineW cells;
	// the pending word and blanks are byte ranges of s too.
	var (
		lineStart, lineEnd   int
		lineW                int
		curWidth             int
		wordStart, wordEnd   int // s[wordStart:wordEnd], the pending word
		wordLen              int
		spaceStart, spaceEnd int // the pending blanks
		spaceWidth           int
	)
	commit := func(a, b, w int) {
		if lineEnd == lineStart {
			lineStart = a
		}
		lineEnd, lineW = b, lineW+w
	}
	addSpace := func() {
		if spaceWidth == 0 && spaceEnd == spaceStart {
			return
		}
		curWidth += spaceWidth
		commit(spaceStart, spaceEnd, spaceWidth)
		spaceStart, spaceEnd, spaceWidth = 0, 0, 0
	}
	addWord := func() {
		if wordEnd == wordStart {
			return
		}
		addSpace()
		curWidth += wordLen
		commit(wordStart, wordEnd, wordLen)
		wordStart, wordEnd, wordLen = 0, 0, 0
	}
	// lineW, not curWidth, says whether a line fits: ansi.Wrap lets a run
	// of hyphens overflow a very narrow line.
	addNewline := func() {
		emit(s[lineStart:lineEnd], lineW <= limit)
		lineStart, lineEnd, lineW = 0, 0, 0
		curWidth = 0
		spaceStart, spaceEnd, spaceWidth = 0, 0, 0
	}
	// extend grows a pending range by s[i:j]; ranges are contiguous in s
	// because a word or a run of blanks is never interrupted by the other.
	extend := func(start, end *int, i, j int) {
		if *end == *start {
			*start = i
		}
		*end = j
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c != ' ' && wordEnd == wordStart {
			// A whole word shorter than the line, without a hyphen, wraps
			// as a unit: it starts a new line if it does not fit after the
			// pending blanks, which a new line drops. That is what the
			// loop below does one character at a time.
			// One pass finds the word's end, counts its runes (bytes that
			// do not continue a UTF-8 sequence) and looks for a hyphen.
			j, n, hyphen := i, 0, false
			for ; j < len(s) && s[j] != ' '; j++ {
				hyphen = hyphen || s[j] == '-'
				if s[j]&0xc0 != 0x80 {
					n++
				}
			}
			if n < limit && !hyphen {
				if curWidth+spaceWidth+n > limit {
					addNewline()
				}
				addSpace()
				commit(i, j, n)
				curWidth += n
				i = j
				continue
			}
		}
		if c < utf8.RuneSelf {
			switch {
			case c == ' ':
				addWord()
				extend(&spaceStart, &spaceEnd, i, i+1)
				spaceWidth++
			case c == '-':
				addSpace()
				if curWidth+wordLen >= limit {
					extend(&wordStart, &wordEnd, i, i+1)
					wordLen++
				} else {
					addWord()
					commit(i, i+1, 1)
					curWidth++
				}
			default:
				if curWidth == limit {
					addNewline()
				}
				extend(&wordStart, &wordEnd, i, i+1)
				wordLen++
				if wordLen == limit {
					addWord()
				}
				if curWidth+wordLen+spaceWidth > limit {
					addNewline()
				}
			}
			i++
			continue
		}
		_, n := utf8.DecodeRuneInString(s[i:])
		// A simple rune is one cell wide, a cluster of its own, not a space
		// and not a breakpoint: ansi.Wrap's default case.
		if wordLen+1 > limit {
			addWord()
		}
		extend(&wordStart, &wordEnd, i, i+n)
		wordLen++
		if curWidth+wordLen+spaceWidth > limit {
			addNewline()
		}
		if wordLen == limit {
			addWord()
		}
		i += n
	}
	if wordLen == 0 {
		if curWidth+spaceWidth > limit {
			curWidth = 0
		} else if spaceEnd > spaceStart {
			commit(spaceStart, spaceEnd, spaceWidth)
		}
		spaceStart, spaceEnd, spaceWidth = 0, 0, 0
	}
	addWord()
	emit(s[lineStart:lineEnd], lineW <= limit)
}

// simpleLine reports whether every character of s is printable ASCII or a
// Latin letter or sign from U+00A1 to U+024F other than the soft hyphen:
// one cell each, never combining with a neighbour. Those are two-byte
// sequences led by 0xC2 to 0xC9, so it reads bytes, not runes.
func simpleLine(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x20 && c < 0x7f:
			continue
		case c < 0xc2 || c > 0xc9 || i+1 == len(s):
			return false
		}
		i++
		c2 := s[i]
		switch {
		case c2&0xc0 != 0x80:
			return false
		case c == 0xc2 && (c2 < 0xa1 || c2 == 0xad): // U+0080–U+00A0, U+00AD
			return false
		case c == 0xc9 && c2 > 0x8f: // past U+024F
			return false
		}
	}
	return true
}
