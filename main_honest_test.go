package main

import (
	"os"
	"path/filepath"
	"testing"
)

// An invisible character in a config value (a zero-width space in the name
// password_env gives) is shown visibly in the message, as a control
// character is: "PW\u200bX", never a "PWX" that is not the variable's name.
func TestInvisibleCharacterInAConfigValueIsShown(t *testing.T) {
	p := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(p, []byte("[profiles.prod]\nusername = \"u\"\npassword_env = \"PW\\u200bX\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	o := runCmd(t, map[string]string{"PWX": "x"}, "", "get", "--config", p, "M30011", "LED1")
	o.want(t, 2, `names PW\u200bX, which is not set or empty`)
}
