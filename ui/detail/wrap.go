package detail

import (
	"math/bits"
	"strings"
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
		wrapAny(s, limit, emit)
		return
	}
	w := simpleWrap{s: s, limit: limit, emit: emit}
	for i := 0; i < len(s); {
		c := s[i]
		if c == ' ' {
			w.addWord()
			w.addBlank(i)
			i++
			continue
		}
		if w.wordEnd == w.wordStart {
			if j := w.plainWords(i); j > i {
				i = j
				continue
			}
		}
		if c < utf8.RuneSelf {
			w.asciiByte(i, c)
			i++
			continue
		}
		i = w.latinRune(i)
	}
	w.finish()
}

// wrapAny wraps any line with ansi.Wrap itself.
func wrapAny(s string, limit int, emit func(line string, fits bool)) {
	start := 0
	w := ansi.Wrap(s, limit, "")
	for i := 0; i < len(w); i++ {
		if w[i] == '\n' {
			emit(w[start:i], false)
			start = i + 1
		}
	}
	emit(w[start:], false)
}

// simpleWrap is the state of ansi.Wrap over a simple line. ansi.Wrap only
// drops blanks at a break and never reorders, so the line written so far is
// the substring s[lineStart:lineEnd] (empty when lineEnd == lineStart) of
// lineW cells; the pending word and blanks are byte ranges of s too.
type simpleWrap struct {
	s     string
	limit int
	emit  func(line string, fits bool)

	lineStart, lineEnd   int
	lineW                int
	curWidth             int
	wordStart, wordEnd   int // s[wordStart:wordEnd], the pending word
	wordLen              int
	spaceStart, spaceEnd int // the pending blanks
	spaceWidth           int
}

// commit adds s[a:b], n cells, to the line written so far.
func (w *simpleWrap) commit(a, b, n int) {
	if w.lineEnd == w.lineStart {
		w.lineStart = a
	}
	w.lineEnd, w.lineW = b, w.lineW+n
}

func (w *simpleWrap) addSpace() {
	if w.spaceWidth == 0 && w.spaceEnd == w.spaceStart {
		return
	}
	w.curWidth += w.spaceWidth
	w.commit(w.spaceStart, w.spaceEnd, w.spaceWidth)
	w.spaceStart, w.spaceEnd, w.spaceWidth = 0, 0, 0
}

// addWord writes the pending word, if any, after the pending blanks. It is
// two functions so that the test inlines where it is called.
func (w *simpleWrap) addWord() {
	if w.wordEnd != w.wordStart {
		w.writeWord()
	}
}

func (w *simpleWrap) writeWord() {
	w.addSpace()
	w.curWidth += w.wordLen
	w.commit(w.wordStart, w.wordEnd, w.wordLen)
	w.wordStart, w.wordEnd, w.wordLen = 0, 0, 0
}

// addNewline ends the line. lineW, not curWidth, says whether a line fits:
// ansi.Wrap lets a run of hyphens overflow a very narrow line.
func (w *simpleWrap) addNewline() {
	w.emit(w.s[w.lineStart:w.lineEnd], w.lineW <= w.limit)
	w.lineStart, w.lineEnd, w.lineW = 0, 0, 0
	w.curWidth = 0
	w.spaceStart, w.spaceEnd, w.spaceWidth = 0, 0, 0
}

// extendWord grows the pending word by s[i:j]. The pending ranges are
// contiguous in s because a word or a run of blanks is never interrupted by
// the other.
func (w *simpleWrap) extendWord(i, j int) {
	if w.wordEnd == w.wordStart {
		w.wordStart = i
	}
	w.wordEnd = j
	w.wordLen++
}

// wordAt finds the end of the word at s[i:] in one pass, counting its runes
// (its bytes less those that continue a UTF-8 sequence) and looking for a
// hyphen.
func wordAt(s string, i int) (end, runes int, hyphen bool) {
	j, cont := i, 0
	for ; j < len(s); j++ {
		c := s[j]
		switch {
		case c == ' ':
			return j, j - i - cont, hyphen
		case c == '-':
			hyphen = true
		case c&0xc0 == 0x80:
			cont++
		}
	}
	return j, j - i - cont, hyphen
}

// plainWords writes the words at s[i:] (which is not a blank) and the
// blanks after each, as long as each word is shorter than the line and has
// no hyphen, and returns where it stopped. Such a word wraps as a unit: it
// starts a new line if it does not fit after the pending blanks, which a
// new line drops. That is what the steps below do one character at a time;
// most prose is nothing but such words.
func (w *simpleWrap) plainWords(i int) int {
	s, limit := w.s, w.limit
	for i < len(s) {
		if w.fresh() {
			if next, ok := w.wholeLine(i); ok {
				i = next
				continue
			}
		}
		j, n, hyphen := wordAt(s, i)
		if n >= limit || hyphen {
			return i
		}
		if w.curWidth+w.spaceWidth+n > limit {
			w.addNewline()
			continue // the word starts the new line, maybe a whole one
		}
		w.addSpace()
		w.commit(i, j, n)
		w.curWidth += n
		for ; j < len(s) && s[j] == ' '; j++ {
			w.addBlank(j)
		}
		i = j
	}
	return i
}

// fresh reports whether nothing is written or pending on the line.
func (w *simpleWrap) fresh() bool {
	return w.lineEnd == w.lineStart && w.curWidth == 0 && w.wordEnd == w.wordStart && w.spaceEnd == w.spaceStart && w.spaceWidth == 0
}

// wholeLine writes, on a fresh line, the whole line that starts with the
// word at s[i], as plainWords would word by word, when that is certain from
// the limit cells ahead: every word on it, and the word that goes to the
// next line, is plain (shorter than the line, no hyphen), and there is a
// next word. It returns where the next line starts. Most lines of prose
// are such lines; finding the break from the line's end is several times
// faster than adding up the words.
func (w *simpleWrap) wholeLine(i int) (next int, ok bool) {
	s, limit := w.s, w.limit
	e, ok := afterRunes(s, i, limit)
	if !ok || e >= len(s) {
		return i, false
	}
	k := e // the line is s[i:k]
	if s[e] == ' ' {
		// The limit falls on blanks: the line ends with the word before
		// them, and the next starts after them.
		next = e + 1
		for next < len(s) && s[next] == ' ' {
			next++
		}
		if next == len(s) {
			return i, false // trailing blanks: finish decides
		}
	} else {
		// The limit falls inside a word: it goes to the next line.
		b := strings.LastIndexByte(s[i:e], ' ')
		if b < 0 {
			return i, false // a word as long as the line
		}
		k, next = i+b, i+b+1
	}
	for s[k-1] == ' ' {
		k--
	}
	if k == e && strings.IndexByte(s[i:k], ' ') < 0 {
		return i, false // one word filling the line
	}
	end := strings.IndexByte(s[next:], ' ')
	if end < 0 {
		end = len(s) - next
	}
	if word := s[next : next+end]; strings.IndexByte(word, '-') >= 0 || utf8.RuneCountInString(word) >= limit {
		return i, false // the next line's first word is not plain
	}
	w.emit(s[i:k], true)
	return next, true
}

// afterRunes is the offset in the simple line s after n characters from
// s[i] (one or two bytes each), and false if s ends first. n bytes hold n
// characters less one for each continuation byte among them, so it takes
// that many bytes more, until a run of bytes has none.
func afterRunes(s string, i, n int) (int, bool) {
	e := i
	for n > 0 {
		if e+n > len(s) {
			return e, false
		}
		e, n = e+n, continuations(s[e:e+n])
	}
	if e > i && s[e-1] >= 0xc0 {
		e++ // the last character's second byte
	}
	return e, e <= len(s)
}

// continuations counts the bytes of s that continue a UTF-8 sequence
// (10xxxxxx), eight at a time.
func continuations(s string) int {
	const highs = 0x8080808080808080
	n, i := 0, 0
	for ; i+8 <= len(s); i += 8 {
		w := word8(s, i)
		n += bits.OnesCount64(w &^ (w << 1) & highs)
	}
	for ; i < len(s); i++ {
		if s[i]&0xc0 == 0x80 {
			n++
		}
	}
	return n
}

// word8 is s[i:i+8] as a little-endian word (the compiler makes it one
// load).
func word8(s string, i int) uint64 {
	return uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
		uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
}

// addBlank adds the blank at s[i] to the pending blanks.
func (w *simpleWrap) addBlank(i int) {
	if w.spaceEnd == w.spaceStart {
		w.spaceStart = i
	}
	w.spaceEnd = i + 1
	w.spaceWidth++
}

// asciiByte is ansi.Wrap's step for the ASCII character c at s[i], other
// than a blank: a hyphen (a breakpoint) or any other.
func (w *simpleWrap) asciiByte(i int, c byte) {
	switch {
	case c == '-':
		w.addSpace()
		if w.curWidth+w.wordLen >= w.limit {
			w.extendWord(i, i+1)
		} else {
			w.addWord()
			w.commit(i, i+1, 1)
			w.curWidth++
		}
	default:
		if w.curWidth == w.limit {
			w.addNewline()
		}
		w.extendWord(i, i+1)
		if w.wordLen == w.limit {
			w.addWord()
		}
		if w.curWidth+w.wordLen+w.spaceWidth > w.limit {
			w.addNewline()
		}
	}
}

// latinRune is ansi.Wrap's default step for the Latin letter at s[i],
// returning where the next character starts. A simple rune is one cell
// wide, a cluster of its own, not a space and not a breakpoint.
func (w *simpleWrap) latinRune(i int) int {
	_, n := utf8.DecodeRuneInString(w.s[i:])
	if w.wordLen+1 > w.limit {
		w.addWord()
	}
	w.extendWord(i, i+n)
	if w.curWidth+w.wordLen+w.spaceWidth > w.limit {
		w.addNewline()
	}
	if w.wordLen == w.limit {
		w.addWord()
	}
	return i + n
}

// finish writes what is pending at the end of the line: trailing blanks
// that fit, and the last word.
func (w *simpleWrap) finish() {
	if w.wordLen == 0 {
		if w.curWidth+w.spaceWidth > w.limit {
			w.curWidth = 0
		} else if w.spaceEnd > w.spaceStart {
			w.commit(w.spaceStart, w.spaceEnd, w.spaceWidth)
		}
		w.spaceStart, w.spaceEnd, w.spaceWidth = 0, 0, 0
	}
	w.addWord()
	w.emit(w.s[w.lineStart:w.lineEnd], w.lineW <= w.limit)
}

// simpleLine reports whether every character of s is printable ASCII or a
// Latin letter or sign from U+00A1 to U+024F other than the soft hyphen:
// one cell each, never combining with a neighbour. Those are two-byte
// sequences led by 0xC2 to 0xC9, so it reads bytes, not runes.
func simpleLine(s string) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for i := 0; i < len(s); i++ {
		// Eight printable ASCII bytes at a time: none with the high bit,
		// none below 0x20, none at 0x7f (the only one that carries into
		// the high bit when one is added to its low seven).
		for i+8 <= len(s) {
			w := word8(s, i)
			if (w|(w-0x20*ones)&^w|(w&^highs+ones))&highs != 0 {
				break
			}
			i += 8
		}
		if i == len(s) {
			break
		}
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
