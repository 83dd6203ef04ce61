#!/usr/bin/env bash
# Regenerates the PNGs in screenshots/ from the real program on the built-in
# demo: builds leadinspector, drives `leadinspector --demo` in tmux at fixed
# sizes, captures the screen with its colours, turns each capture into an HTML
# page (ansi2html, a virtual terminal) and photographs it with headless Chromium.
#
#   screenshots/make.sh            all screenshots
#   screenshots/make.sh xml light  only these (names without .png)
#   KEEP=1 screenshots/make.sh     keep the work folder (captures, pages)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
export PATH="/usr/local/go/bin:$PATH"

tmp=$(mktemp -d /tmp/lishot.XXXXXX)
sock="lishot-$$" # a private tmux server: never touches the user's sessions
stop_hub() { # the queue scene's demo hub
	if [ -s "$tmp/hub.pid" ]; then kill "$(cat "$tmp/hub.pid")" 2>/dev/null || true; rm -f "$tmp/hub.pid"; fi
}
cleanup() {
	stop_hub
	tmux -L "$sock" kill-server 2>/dev/null || true
	wait 2>/dev/null || true
	if [ -z "${KEEP:-}" ]; then rm -rf "$tmp"; else echo "kept $tmp"; fi
}
trap cleanup EXIT

log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --- tools -------------------------------------------------------------------

unset TMUX # our own server, even when run from inside tmux

# ImageMagick: `magick` (version 7) or /usr/bin/convert (Debian's 6), not a
# stand-in that may come earlier in PATH.
CONVERT=/usr/bin/convert
if command -v magick >/dev/null; then CONVERT=magick; fi

need_install() {
	command -v tmux >/dev/null || return 0
	command -v chromium >/dev/null || return 0
	command -v fc-list >/dev/null || return 0
	command -v "$CONVERT" >/dev/null || return 0
	local fonts
	fonts=$(fc-list : family)
	for f in 'JetBrains Mono' 'Noto Color Emoji' 'WenQuanYi Micro Hei'; do
		[[ $fonts == *"$f"* ]] || return 0
	done
	return 1
}
if need_install; then
	log "installing tmux, chromium, fonts and imagemagick (Debian packages)"
	[ "$(id -u)" = 0 ] || die "missing tools; run as root or: apt-get install tmux chromium fonts-jetbrains-mono fonts-noto-color-emoji fonts-wqy-microhei imagemagick"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq tmux chromium fonts-jetbrains-mono fonts-noto-color-emoji \
		fonts-wqy-microhei imagemagick >/dev/null
fi

# --- build ---------------------------------------------------------------------

log "building leadinspector and ansi2html"
(cd "$root" && go build -o "$tmp/leadinspector" .)
# ansi2html is its own module, so the product gains no dependency.
(cd "$here/ansi2html" && GOWORK=off go build -o "$tmp/ansi2html" .)
li="$tmp/leadinspector"

# Demo ids by what they show; the first line is an ordinary lead.
"$li" demo --list >"$tmp/leads.tsv"
lead() { # lead PATTERN → CUSTOMER/LEAD of the first line whose description matches
	awk -F'\t' -v p="$1" 'NR > 1 && $3 ~ p { print $1 "/" $2; exit }' "$tmp/leads.tsv"
}
ordinary=$(awk -F'\t' 'NR == 1 { print $1 "/" $2 }' "$tmp/leads.tsv")
group=$(lead 'user group holds it')
office=$(lead 'office only')
anon=$(lead 'anonymised')
manyutm=$(lead '25 UTM')
unknown=$(lead 'unknown state')
forbidden=$(lead '^403')
stepping=$(lead 'State changes')
for v in ordinary group office anon manyutm unknown forbidden stepping; do
	[ -n "${!v}" ] || die "no demo lead for '$v' in 'leadinspector demo --list'"
done

# --- driving the program in tmux ---------------------------------------------

T() { tmux -L "$sock" "$@"; }
screen() { T capture-pane -p -t lishot; }

# run_in_tmux COLS ROWS THEME COMMAND: COMMAND in a fresh tmux server whose
# window colours answer the program's background query (OSC 11), so it picks
# its dark or light palette as it would in such a terminal.
run_in_tmux() {
	local cols=$1 rows=$2 theme=$3 cmd=$4
	T kill-server 2>/dev/null || true
	local bg="#1e1e2e" fg="#cdd6f4"
	if [ "$theme" = light ]; then bg="#fafafa" fg="#1c1c1c"; fi
	printf 'set -g window-style "bg=%s,fg=%s"\nset -g status off\nset -g escape-time 0\n' "$bg" "$fg" >"$tmp/tmux.conf"
	rm -rf "$tmp/state" "$tmp/config"
	mkdir -p "$tmp/state" "$tmp/config"
	# The sleep keeps the pane (and any error the program printed) on screen.
	T -f "$tmp/tmux.conf" new-session -d -s lishot -x "$cols" -y "$rows" \
		"cd '$tmp' && export TERM=xterm-256color COLORTERM=truecolor LANG=C.UTF-8 XDG_STATE_HOME='$tmp/state' XDG_CONFIG_HOME='$tmp/config' PATH='$tmp:$PATH' && $cmd; sleep 600"
}

# start COLS ROWS THEME [FLAGS…]: the inspector on the demo.
start() {
	local cols=$1 rows=$2 theme=$3
	shift 3
	run_in_tmux "$cols" "$rows" "$theme" "leadinspector --demo $*"
	wait_for 'DEMO'
}

# wait_for REGEX [SECONDS]: until REGEX matches the screen, then until the
# screen stops changing (spinners, late frames).
wait_for() {
	local want=$1 limit=${2:-15} i=0 prev='' cur
	# Captured first: grep -q on a pipe could SIGPIPE tmux and, under
	# pipefail, read as "not there".
	until grep -qE -- "$want" <<<"$(screen)"; do
		i=$((i + 1))
		[ "$i" -lt $((limit * 10)) ] || { screen >&2; die "timed out waiting for '$want'"; }
		sleep 0.1
	done
	for _ in $(seq 1 50); do
		cur=$(T capture-pane -p -e -t lishot)
		[ "$cur" = "$prev" ] && return 0
		prev=$cur
		sleep 0.15
	done
}

keys() { T send-keys -t lishot "$@"; }

# paste TEXT: a bracketed paste, as a terminal delivers one.
paste() {
	T set-buffer -b li -- "$1"
	T paste-buffer -p -d -b li -t lishot
}

# lookup CUSTOMER/LEAD [MARKER]: paste the ids, press enter, wait for MARKER
# (default: the detail pane showing that lead).
lookup() {
	paste "$1"
	sleep 0.2
	keys Enter
	wait_for "${2:-Lead +${1#*/}}"
}

# --- photographing -------------------------------------------------------------

# shot NAME COLS ROWS THEME [TITLE]: capture the screen now, render it in the
# background (Chromium is slow to start; the next scene is driven meanwhile).
shot() {
	local name=$1 cols=$2 rows=$3 theme=$4 title=${5:-leadinspector --demo}
	T capture-pane -p -e -N -t lishot >"$tmp/$name.ans"
	render "$name" "$cols" "$rows" "$theme" "$title — ${cols}×${rows}" &
	renders+=($!)
}
renders=()

render() {
	local name=$1 cols=$2 rows=$3 theme=$4 title=$5 w h
	"$tmp/ansi2html" -cols "$cols" -rows "$rows" -theme "$theme" -title "$title" \
		-in "$tmp/$name.ans" -out "$tmp/$name.html" -size "$tmp/$name.size"
	read -r w h <"$tmp/$name.size"
	chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$tmp/chrome-$name" --hide-scrollbars --force-device-scale-factor=2 \
		--default-background-color=00000000 --window-size="$w,$h" \
		--screenshot="$tmp/$name.raw.png" "file://$tmp/$name.html" >"$tmp/$name.chrome.log" 2>&1 ||
		{ cat "$tmp/$name.chrome.log" >&2; die "chromium failed for $name"; }
	# Trim the transparent margin, keep a little room for the shadow.
	"$CONVERT" "$tmp/$name.raw.png" -trim +repage -bordercolor none -border 6 \
		-define png:compression-level=9 "$here/$name.png"
	log "wrote screenshots/$name.png"
}

# --- the set -------------------------------------------------------------------

wanted() { [ "${#only[@]}" -eq 0 ] || [[ " ${only[*]} " == *" $1 "* ]]; }
only=("$@")

# A few lookups first, so the history pane shows a working day.
warm_up() {
	lookup "$office"
	lookup "$group"
	lookup "$anon"
}

if wanted detail-json || wanted xml || wanted history; then
	log "detail-json, xml, history (120×40)"
	start 120 40 dark
	warm_up
	lookup "$ordinary"
	wait_for 'Raw JSON'
	wanted detail-json && shot detail-json 120 40 dark
	keys f
	wait_for 'Raw XML'
	wanted xml && shot xml 120 40 dark
	lookup "$unknown"
	# To the history pane, and pick an older entry as a user would.
	keys Tab
	sleep 0.3
	keys Tab
	sleep 0.3
	keys Down
	wait_for 'enter look up again'
	wanted history && shot history 120 40 dark
fi

if wanted error; then
	log "error (120×40)"
	start 120 40 dark
	lookup "$ordinary"
	lookup "$forbidden" '403'
	shot error 120 40 dark
fi

if wanted 80x24; then
	log "80x24"
	start 80 24 dark
	lookup "$ordinary"
	shot 80x24 80 24 dark
fi

if wanted light; then
	log "light (120×40)"
	start 120 40 light
	lookup "$group"
	lookup "$ordinary"
	shot light 120 40 light
fi

if wanted privacy; then
	log "privacy (120×40)"
	start 120 40 dark
	lookup "$ordinary"
	keys p
	wait_for 'PRIVACY'
	shot privacy 120 40 dark
fi

if wanted batch; then
	log "batch (120×40)"
	start 120 40 dark
	# Several lead ids pasted at once, as from a ticket: one row per lead.
	paste "$(awk -F'\t' '$1 == "M30011" && $2 ~ /^LED[0-9A-F]+$/ { print $2 }' "$tmp/leads.tsv" | head -8)"
	wait_for 'Batch'
	wait_for 'WaitingForCustomer'
	shot batch 120 40 dark
fi

if wanted watch; then
	log "watch (120×40)"
	# A short watch interval, so the demo's changing lead changes within seconds.
	mkdir -p "$tmp/watchconfig/leadinspector"
	printf '[ui]\nwatch_interval = "5s"\n' >"$tmp/watchconfig/leadinspector/config.toml"
	start 120 40 dark --config "$tmp/watchconfig/leadinspector/config.toml"
	lookup "$stepping"
	keys w
	wait_for 'watching'
	wait_for 'changed' 60
	shot watch 120 40 dark
fi

if wanted help; then
	log "help (80×24)"
	start 80 24 dark
	lookup "$ordinary"
	keys '?'
	wait_for 'esc closes|Keys'
	shot help 80 24 dark
fi

if wanted get-batch; then
	log "get-batch (150×13)"
	# The command a support person would type, after a drawn prompt.
	cat >"$tmp/get-batch.sh" <<-'EOF'
		cmd='leadinspector demo --list | grep -P "^M30011\tLED[0-9A-F]+\t" | cut -f2 | head -10 | leadinspector get --demo M30011 -'
		printf '\033[1;32m$\033[0m %s\n' "$cmd"
		eval "$cmd"
		printf '\033[1;32m$\033[0m '
	EOF
	run_in_tmux 150 13 dark "bash get-batch.sh"
	wait_for '^\$ ?$'
	shot get-batch 150 13 dark bash
fi

if wanted card; then
	log "card (120×40)"
	start 120 40 dark
	lookup "$ordinary"
	# Names fill in after the lead; e opens the estate card.
	wait_for 'Anna Berg'
	keys e
	wait_for 'Ängsvägen'
	shot card 120 40 dark
fi

if wanted svenska; then
	log "svenska (120×40)"
	start 120 40 dark --lang sv
	warm_up
	lookup "$ordinary"
	wait_for 'Anna Berg'
	shot svenska 120 40 dark "leadinspector --demo --lang sv"
fi

if wanted wide; then
	log "wide (160×45)"
	start 160 45 dark
	warm_up
	lookup "$manyutm"
	shot wide 160 45 dark
fi

if wanted queue; then
	log "queue (120×40)"
	# The demo hub stores a few days of notifications and posts new ones;
	# the inspector beside it reads its desk store (Q). The hub's SSH port
	# is any free one: nobody connects.
	printf '[serve]\nssh_addr = "127.0.0.1:0"\n' >"$tmp/hub.toml"
	# The hub takes SIGHUP (the tmux server going) as "read the keys again":
	# it is stopped by its pid, here or on the way out.
	run_in_tmux 120 40 dark "{ leadinspector --config hub.toml serve --demo >hub.log 2>&1 & echo \$! >hub.pid; sleep 2; leadinspector --demo; }"
	wait_for 'DEMO'
	keys Escape
	sleep 0.3
	keys Q
	wait_for 'Queue'
	wait_for 'Anna Berg'
	shot queue 120 40 dark "leadinspector serve --demo & leadinspector --demo"
	stop_hub
fi

failed=0
for pid in "${renders[@]}"; do wait "$pid" || failed=1; done
[ "$failed" = 0 ] || die "a screenshot failed"
log "done"
