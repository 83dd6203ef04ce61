package config

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"leadinspector/api/base/i18n"
)

// MaxFileBytes bounds a file the configuration reads (the config file, a
// ca_file): far beyond any real one, it keeps /dev/zero or a 1 GB file from
// eating memory.
const MaxFileBytes = 1 << 20

// errNotRegular and errTooLarge say why readBounded refused a file; their
// Message words it for the user.
type boundedError struct{ says i18n.Message }

func (e *boundedError) Error() string { return i18n.InEnglish(e.says) }

// readBounded reads a regular file of at most MaxFileBytes. Anything else
// is refused at once, before it is opened: a FIFO (whose open would wait
// for a writer forever), a device (/dev/zero never ends), a directory, a
// socket, or a file too large. Symbolic links are followed, as a user who
// links their config expects.
func readBounded(path string) ([]byte, fs.FileInfo, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	if err := checkRegular(fi); err != nil {
		return nil, nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	// The file may have been swapped since Stat: look at what was opened.
	if fi, err = f.Stat(); err != nil {
		return nil, nil, err
	}
	if err := checkRegular(fi); err != nil {
		return nil, nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, nil, err
	}
	if len(data) > MaxFileBytes {
		return nil, nil, tooLarge()
	}
	return data, fi, nil
}

func tooLarge() error {
	return &boundedError{i18n.M("config.err.too_large", "Max", fmt.Sprintf("%d MiB", MaxFileBytes>>20))}
}

// checkRegular refuses what is not a regular file of a config's size.
func checkRegular(fi fs.FileInfo) error {
	m := fi.Mode()
	if m.IsRegular() {
		if fi.Size() > MaxFileBytes {
			return tooLarge()
		}
		return nil
	}
	kind := i18n.M("config.err.kind.special")
	switch {
	case m&fs.ModeNamedPipe != 0:
		kind = i18n.M("config.err.kind.fifo")
	case m&fs.ModeDir != 0:
		kind = i18n.M("config.err.kind.dir")
	case m&(fs.ModeDevice|fs.ModeCharDevice) != 0:
		kind = i18n.M("config.err.kind.device")
	case m&fs.ModeSocket != 0:
		kind = i18n.M("config.err.kind.socket")
	}
	return &boundedError{i18n.M("config.err.not_regular", "Kind", kind)}
}

// boundedSays is the message of a refusal by readBounded, zero for any
// other error.
func boundedSays(err error) i18n.Message {
	var b *boundedError
	if errors.As(err, &b) {
		return b.says
	}
	return i18n.Message{}
}
