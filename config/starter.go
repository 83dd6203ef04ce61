package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"leadinspector/api/base/i18n"
)

// Starter is the commented file `config init` writes. It is valid as it
// stands: `config check` reads it and asks only for a password (exit 2 until
// one is set). Its comments stay English in every language: it is a file
// for editing, often shared between colleagues and kept in dotfiles, where
// comments that change with whoever ran `config init` would only churn;
// what config init and config check print about it is translated.
const Starter = `# leadinspector configuration
#
# Precedence for profile, base_url, username, password and timeout:
# command-line flag > environment variable > this file > built-in default.
# Environment: LEADINSPECTOR_CONFIG, LEADINSPECTOR_PROFILE, LEADINSPECTOR_BASE_URL,
# LEADINSPECTOR_USERNAME, LEADINSPECTOR_PASSWORD.
# Check what is in effect with:  leadinspector config check
# Unknown keys are errors, so a misspelt key never goes unnoticed.

# The profile used when neither --profile nor LEADINSPECTOR_PROFILE names one.
profile = "prod"

# One table per Express Connect account: [profiles.NAME].
[profiles.prod]
# Express Connect's address. Must be https:// (http only for localhost).
base_url = "https://connect.maklare.vitec.net"

# The API user Vitec gave you.
username = "partner-user"

# The password: never a command-line flag. Pick ONE of the three below
# (LEADINSPECTOR_PASSWORD, when set, wins over all of them).
#
# password_command runs through the shell; the first line it prints is the
# password (it must finish within a minute):
# password_command = "pass show vitec/crm"
#
# password_env names an environment variable that holds it:
# password_env = "VITEC_CRM_PW"
#
# password holds it in this file; keep the file private (chmod 600):
# password = "…"

# Pre-filled as Customer ID in the inspector.
customer_id = "M30011"

# json or xml: what the raw view starts in and what 'get --format text' requests.
format = "json"

# How long one request may take, e.g. "15s", "1m".
timeout = "15s"

# A PEM file with extra trusted certificates, for a corporate proxy that
# re-signs TLS traffic. Relative paths are relative to this file.
# ca_file = "corporate-ca.pem"

# Responses larger than this many MiB are refused (1-1024).
max_body_mib = 16

# Agent and office names come from Vitec's website functions (Advertising/…),
# which may need another function group's credentials than the CRM ones.
# Without these, the username and password above are used for them too.
# website_username = "partner-web-user"
# website_password_command = "pass show vitec/web"   # or website_password_env, website_password

# A second account, chosen with --profile test:
# [profiles.test]
# base_url = "https://connect.maklare.vitec.net"
# username = "partner-test-user"
# password_env = "VITEC_TEST_PW"

[ui]
# How many lookups the history keeps (0 keeps none).
history_limit = 1000

# How often 'w' (watch) looks the lead up again; at least "5s".
watch_interval = "30s"

# How many lookups a batch runs at once (1-16).
parallel = 4

# Start with privacy mode on: message, contact id, estate ids and UTM values
# masked, for screen sharing ('p' toggles it, --privacy turns it on).
privacy = false

# The language of messages: "sv" (svenska) or "en". Unset, it follows
# LEADINSPECTOR_LANG, then the locale (LC_ALL, LC_MESSAGES, LANG: sv_* is
# Swedish), else English; --lang wins over all.
# language = "sv"

# Badge colour per State value: "#rrggbb", "#rgb" or an ANSI colour 0-255.
[ui.state_colors]
New = "#5fafff"

# The desk hub (leadinspector serve): the inspector served over SSH to each
# person's key, with the desk's history and an audit of who looked at what.
# [serve]
# ssh_addr = "127.0.0.1:2222"              # "0.0.0.0:2222" opens it to the LAN
# authorized_keys = "desk_keys"            # OpenSSH public keys; each key's comment is the person's name
# database = "desk.db"                     # default: desk.db in the state directory
# retention = "90d"                        # desk history and audit rows older than this are removed daily
# max_sessions = 50
# idle_timeout = "30m"                     # a session idle this long ends (warned a minute before)
# Vitec's notifications of the partner's leads (the queue and timelines):
# notify_addr = "127.0.0.1:8443"           # the receiver; plain HTTP only on loopback (behind a TLS proxy)
# tls_cert = "hub.crt"                     # or TLS here: certificate and key (PEM)
# tls_key = "hub.key"
# notify_token_command = "pass show vitec/notify-token"   # 32+ random characters; or notify_token_env,
#                                          # or LEADINSPECTOR_NOTIFY_TOKEN; Vitec posts to /notify/TOKEN
# stuck_after = "24h"                      # a lead with no accept and no change for this long is stuck
# [serve.people.anna]
# language = "sv"
`

// Init writes Starter to path with mode 0600, creating its directory with
// mode 0700. It never overwrites: an existing file is an error.
func Init(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return &Error{Path: path, Says: i18n.M("config.err.init_dir", "Error", plainErr(err))}
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return &Error{Path: path, Says: i18n.M("config.err.init_exists")}
	}
	if err != nil {
		return &Error{Path: path, Says: i18n.M("config.err.init_create", "Error", plainErr(err))}
	}
	_, err = f.WriteString(Starter)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(path)
		return &Error{Path: path, Says: i18n.M("config.err.init_write", "Error", plainErr(err))}
	}
	return nil
}
