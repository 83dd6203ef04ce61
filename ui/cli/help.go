package cli

import "io"

const globalFlagsHelp = `Global flags (before or after the command):
  --config PATH        config file (default $XDG_CONFIG_HOME/leadinspector/config.toml;
                       env LEADINSPECTOR_CONFIG)
  --profile NAME       profile of the config file to use (env LEADINSPECTOR_PROFILE)
  --base-url URL       Express Connect address, https:// (env LEADINSPECTOR_BASE_URL)
  --username USER      API user (env LEADINSPECTOR_USERNAME)
  --timeout DURATION   time limit per request, e.g. 15s, 1m (default 15s)
  --demo               use the built-in demo API: no config, no network needed
  --no-color           no colour (NO_COLOR=1 does the same)
  --privacy            mask message, contact id, estate ids and UTM values
                       (in the inspector and get's text, json and xml; --raw stays exact)
  -h, --help           show help
  --version            print the version (as 'leadinspector version')

The password is never a flag: set LEADINSPECTOR_PASSWORD, or password_command,
password_env or password in the profile (see 'leadinspector config init').
`

const exitHelp = `Exit status:
  0 ok, 1 internal error, 2 usage or configuration error,
  3 authentication failed (401), 4 no access (403), 5 not found (404),
  6 rejected request (400), 7 other HTTP error (5xx, ...),
  8 network error or timeout, 9 response could not be understood
`

func helpText(c Command) string {
	switch c {
	case CmdGet:
		return getHelp
	case CmdDemo:
		return demoHelp
	case CmdConfig:
		return configHelp
	case CmdVersion:
		return versionHelp
	}
	return rootHelp
}

const rootHelp = `Usage: leadinspector [flags]
       leadinspector <command> [flags] [arguments]

Look up incoming leads in Vitec Express (Express Connect's
GET CRM/Lead/{customerId}/Incoming/{id}) and see where they are, who holds
them and where they came from. Without a command it starts the interactive
inspector.

Commands:
  get      look up leads and print them to stdout
  demo     serve the built-in demo API, or list its leads
  config   write a starter config file, show its path, or check it
  version  print the version

` + globalFlagsHelp + `
Examples:
  leadinspector --demo                      try the inspector on fictional leads
  leadinspector --profile test              the inspector, with the "test" profile
  leadinspector get M30011 LED7216862FF0AD4AE38061A04A9AC4D60D

Run 'leadinspector <command> --help' for more about a command.
`

const getHelp = `Usage: leadinspector get [flags] CUSTOMER_ID LEAD_ID [LEAD_ID...]

Look up leads and print them to stdout. With one LEAD_ID the lead is printed
as readable text (the facts of the inspector's detail pane) or as the body
in JSON or XML. With several, or with - to read lead ids from stdin, one row
per id is printed in input order. Ids are split as the inspector splits a
paste: by lines, commas and spaces; each may be a bare LEAD_ID (of CUSTOMER_ID),
CUSTOMER/LEAD, "CUSTOMER LEAD" or a .../CRM/Lead/{customer}/Incoming/{lead}
URL; blank lines and # comments are skipped. An id longer than 40 characters
or holding a control character stops the command before any request.
Flags may stand anywhere.

Flags:
  --format text|json|xml  text (default), or the body pretty-printed; with
                          several ids, json prints one compact JSON object per line
  --accept json|xml       which representation --format text requests
                          (default: the profile's format, else json)
  --raw                   the body exactly as received (made safe when stdout
                          is a terminal)
  --parallel N            lookups at once with several ids, 1-16 (default 4,
                          or ui.parallel)

` + globalFlagsHelp + `
Examples:
  leadinspector get M30011 LED7216862FF0AD4AE38061A04A9AC4D60D
  leadinspector get M30011 LED7216862FF0AD4AE38061A04A9AC4D60D --format xml
  leadinspector get --raw M30011 LED7216862FF0AD4AE38061A04A9AC4D60D > lead.json
  leadinspector get --format json M30011 - < lead-ids.txt
  leadinspector get --demo M30011 $(leadinspector demo --list | head -1 | cut -f2)

` + exitHelp

const demoHelp = `Usage: leadinspector demo [--addr HOST:PORT] [--list]

Serve the built-in demo API, which behaves like Express Connect with a dozen
fictional leads and ids that trigger each failure (user demo, password demo).
It runs until ctrl+c. 'leadinspector --demo' starts it in-process instead.

Flags:
  --addr HOST:PORT  where to listen (default 127.0.0.1 on a free port)
  --list            print the demo's leads, one per line:
                    CUSTOMER_ID<TAB>LEAD_ID<TAB>what it shows

Examples:
  leadinspector demo --addr 127.0.0.1:8765
  leadinspector demo --list | cut -f2
`

const configHelp = `Usage: leadinspector config init|path|check [flags]

Manage the config file (TOML, one [profiles.NAME] table per account).

Subcommands:
  init   write a commented starter file (mode 0600); never overwrites
  path   print the config file's path
  check  validate the file and print the effective settings and where each
         came from (flag, env, file or default); the password shows as ••••

Flags:
  --config PATH    the file to use (env LEADINSPECTOR_CONFIG)
  --profile NAME   the profile to check (env LEADINSPECTOR_PROFILE)

Examples:
  leadinspector config init
  leadinspector config check --profile test
  $EDITOR "$(leadinspector config path)"
`

const versionHelp = `Usage: leadinspector version

Print the version of leadinspector.
`

// Help prints the help of a command.
func Help(c Command, w io.Writer) int {
	_, _ = io.WriteString(w, helpText(c))
	return ExitOK
}
