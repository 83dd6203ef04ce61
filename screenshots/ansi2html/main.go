// Command ansi2html turns a terminal capture (tmux capture-pane -p -e -N) into
// a standalone HTML page that looks like the terminal did: it replays the
// bytes through a virtual terminal and draws every cell on a fixed grid.
//
//	ansi2html -cols 120 -rows 40 -theme dark -title T -size page.size < capture.ans > page.html
//
// The -size file receives the page size in CSS pixels ("WIDTH HEIGHT"), so the
// caller can size the browser window to it.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "ansi2html:", err)
		os.Exit(1)
	}
}

func run(args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("ansi2html", flag.ContinueOnError)
	var o Options
	fs.IntVar(&o.Cols, "cols", 120, "terminal columns")
	fs.IntVar(&o.Rows, "rows", 40, "terminal rows")
	fs.StringVar(&o.Theme, "theme", "dark", "default colours: dark or light")
	fs.StringVar(&o.Title, "title", "", "window title")
	fs.IntVar(&o.FontSize, "font-size", 15, "font size in CSS pixels")
	in := fs.String("in", "-", "capture file (- for stdin)")
	out := fs.String("out", "-", "HTML file (- for stdout)")
	size := fs.String("size", "", "write the page size \"W H\" in CSS pixels to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.Cols < 1 || o.Rows < 1 || o.FontSize < 6 {
		return fmt.Errorf("bad geometry %dx%d at %dpx", o.Cols, o.Rows, o.FontSize)
	}
	if o.Theme != "dark" && o.Theme != "light" {
		return fmt.Errorf("theme %q: want dark or light", o.Theme)
	}

	var src []byte
	var err error
	if *in == "-" {
		src, err = io.ReadAll(stdin)
	} else {
		src, err = os.ReadFile(*in)
	}
	if err != nil {
		return fmt.Errorf("read capture: %w", err)
	}

	page := Render(src, o)
	if *out == "-" {
		_, err = stdout.Write(page.HTML)
	} else {
		err = os.WriteFile(*out, page.HTML, 0o644)
	}
	if err != nil {
		return fmt.Errorf("write page: %w", err)
	}
	if *size != "" {
		var b bytes.Buffer
		fmt.Fprintf(&b, "%d %d\n", page.Width, page.Height)
		if err := os.WriteFile(*size, b.Bytes(), 0o644); err != nil {
			return fmt.Errorf("write size: %w", err)
		}
	}
	return nil
}
