package ui

import (
	"context"
	"errors"
	"leadinspector/api/base/i18n"
	"maps"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"leadinspector/api"
	"leadinspector/api/base/sanitize"
	"leadinspector/ui/detail"
)

// leadNames turns the ids on screen into names, in the background: the
// lead's (filled in as they come, cancelled with the lead), the batch
// table's holders, and the contact when the user opens its card. It owns
// the card keys. Names live in memory only, in the resolver's cache (one
// per program, per profile) and here; the contact is kept only while its
// lead is on screen.
type leadNames struct {
	r       *api.Resolver // nil: names are off
	parent  context.Context
	profile string
	keys    cardKeys
	l       *i18n.Localizer
	// loc is the zone cards show dates in, as the detail pane shows
	// SentAt; nil means time.Local.
	loc *time.Location

	// The lead on screen: seq tells the current resolve's answers from a
	// replaced one's.
	seq    int
	cancel context.CancelFunc
	key    lookupKey
	lead   *api.IncomingLead
	got    api.Names // replaced, never changed in place: views share it
	busy   bool      // names of the lead are still on their way

	contact contactFetch // fetched only when its card is opened
	holders holderNames  // the batch table's

	// hinted holds the refusals the status bar has explained, once each
	// per customer and function group; websiteOK says the website
	// functions answered for some customer in this run, so a refusal is
	// about that customer, not the password.
	hinted    map[refusal]bool
	websiteOK bool
	demo      bool // the demo's refusal is on purpose: nothing to set
}

// contactFetch is the contact of the lead on screen, fetched when its card
// is opened: seq tells the current fetch's answer from a replaced one's.
type contactFetch struct {
	name   *api.Name // nil until it comes
	seq    int
	busy   bool
	cancel context.CancelFunc
}

// holderNames are the names of the batch table's holders: seq is the
// batch's, asked the holders asked for once (nil: not asking).
type holderNames struct {
	seq    int
	ctx    context.Context
	cancel context.CancelFunc
	held   api.Names
	asked  map[api.NameKey]bool
}

// refusal is a customer refusing one function group.
type refusal struct {
	customer string
	group    api.FunctionGroup
}

func newLeadNames(o Options) leadNames {
	return leadNames{r: o.Names, parent: context.Background(), profile: o.Profile, keys: newCardKeys(o.Lang), l: o.Lang, demo: o.Demo}
}

// namesMsg is an answer of the names' commands; the root hands every one
// to leadNames.take.
type namesMsg interface{ forNames() }

// nameMsg is one name of the lead on screen; next waits for the one after.
type nameMsg struct {
	seq  int
	name api.Name
	next tea.Cmd
}

// namesDoneMsg says every name of a resolve has come.
type namesDoneMsg struct{ seq int }

// holderNameMsg is the name of a batch row's holder.
type holderNameMsg struct {
	seq  int
	name api.Name
}

// contactMsg is the contact the user asked to see.
type contactMsg struct {
	seq  int
	name api.Name
}

func (nameMsg) forNames()       {}
func (namesDoneMsg) forNames()  {}
func (holderNameMsg) forNames() {}
func (contactMsg) forNames()    {}

// resolve starts resolving the names of a lead just shown, cancelling the
// resolve of the lead before. The same lead (r, a watch's fetch) keeps
// the names it has until newer ones come; another lead closes its card.
// show is what that changes on screen, for the root to hand on (deliver).
func (n *leadNames) resolve(k lookupKey, lead *api.IncomingLead) (cmd tea.Cmd, show []tea.Msg) {
	if n.r == nil || lead == nil {
		return nil, nil
	}
	n.stopLead()
	if k != n.key {
		n.stopContact()
		n.got, n.contact.name = nil, nil
		show = append(show, closeCardMsg{})
	}
	n.key, n.lead = k, lead
	show = append(show, leadNamesMsg{n.view()})
	keys := api.LeadNameKeys(k.customer, lead)
	if len(keys) == 0 {
		return nil, show
	}
	ctx, cancel := context.WithCancel(n.parent)
	n.cancel, n.busy = cancel, true
	r, seq := n.r, n.seq
	// An estate comes twice (then with its primary agent): room for every
	// delivery, so the resolver never waits for the program to read.
	ch := make(chan api.Name, 2*len(keys))
	return func() tea.Msg {
		go func() {
			r.ResolveEach(ctx, keys, func(nm api.Name) { ch <- nm })
			close(ch)
		}()
		return nextName(seq, ch)()
	}, show
}

// nextName waits for the next name of a resolve.
func nextName(seq int, ch <-chan api.Name) tea.Cmd {
	return func() tea.Msg {
		nm, ok := <-ch
		if !ok {
			return namesDoneMsg{seq}
		}
		return nameMsg{seq: seq, name: nm, next: nextName(seq, ch)}
	}
}

// view is the lead's names for the detail pane; nil before any.
func (n *leadNames) view() *api.LeadNames {
	if len(n.got) == 0 || n.lead == nil {
		return nil
	}
	v := n.got.Lead(n.key.customer, n.lead)
	return &v
}

// take keeps an answer of the names' commands if it is still current;
// show is what it changes on screen, for the root to hand on (deliver):
// the names to the detail pane or the batch table (the card takes them
// from refresh). The first refusal of the website functions says in the
// status bar what to set.
func (n *leadNames) take(msg namesMsg) (cmd tea.Cmd, show []tea.Msg) {
	switch msg := msg.(type) {
	case nameMsg:
		if msg.seq != n.seq {
			return nil, nil // a replaced lead's: its resolve is cancelled
		}
		n.got = with(n.got, msg.name)
		return msg.next, n.hint(msg.name, []tea.Msg{leadNamesMsg{n.view()}})
	case namesDoneMsg:
		if msg.seq == n.seq {
			n.busy = false
		}
	case holderNameMsg:
		if msg.seq != n.holders.seq || n.holders.asked == nil {
			return nil, nil
		}
		n.holders.held = with(n.holders.held, msg.name)
		return nil, n.hint(msg.name, []tea.Msg{heldNamesMsg{n.holders.held}})
	case contactMsg:
		if msg.seq != n.contact.seq || !n.contact.busy {
			return nil, nil
		}
		n.contact.name, n.contact.busy = &msg.name, false
	}
	return nil, nil
}

// leadNamesMsg gives the detail pane the names of the lead on screen (nil
// before any).
type leadNamesMsg struct{ names *api.LeadNames }

// heldNamesMsg gives the batch table the names of its rows' holders.
type heldNamesMsg struct{ names api.Names }

// with returns a copy of ns holding nm too.
func with(ns api.Names, nm api.Name) api.Names {
	out := make(api.Names, len(ns)+1)
	maps.Copy(out, ns)
	out[nm.Key] = nm
	return out
}

// hint says in the status bar, once per customer and function group, who
// refused a name and what to do: the customer and the group, and advice
// that fits the refusal (a wrong website password, or a customer that does
// not grant this user the group while it works for others; in the demo, on
// purpose). The notice is added to show.
func (n *leadNames) hint(nm api.Name, show []tea.Msg) []tea.Msg {
	var na *api.NoAccessError
	if !errors.As(nm.Err, &na) {
		if nm.Err == nil && (nm.Key.Kind == api.KindOffice || nm.Key.Kind == api.KindAgent && nm.User != nil && !nm.User.FromUserList) {
			n.websiteOK = true
		}
		return show
	}
	k := refusal{nm.Key.CustomerID, na.Group}
	if n.hinted[k] {
		return show
	}
	if n.hinted == nil {
		n.hinted = map[refusal]bool{}
	}
	n.hinted[k] = true
	var ua *api.UnauthorizedError
	status, unauthorized := 403, errors.As(na.Err, &ua)
	if unauthorized {
		status = 401
	}
	group := n.l.T("cli.names.crm_functions")
	website := na.Group == api.WebsiteFunctions
	if website {
		group = n.l.T("cli.names.website_functions")
	}
	customer, profile := sanitize.Line(k.customer), quoteProfile(n.profile)
	var advice string
	switch {
	case n.demo:
		advice = n.l.T("ui.names.advice.demo")
	case website && unauthorized:
		advice = n.l.T("ui.names.advice.website_password", "Profile", profile)
	case website && n.websiteOK:
		advice = n.l.T("ui.names.advice.grant_elsewhere", "Group", group, "Customer", customer)
	case website:
		advice = n.l.T("ui.names.advice.grant_website", "Customer", customer, "Profile", profile)
	case unauthorized:
		advice = n.l.T("ui.names.advice.crm_password", "Profile", profile)
	default:
		advice = n.l.T("ui.names.advice.grant", "Group", group, "Customer", customer)
	}
	return append(show, noticeMsg{n.l.T("ui.names.refused", "Customer", customer, "Group", group, "Status", status, "Advice", advice)})
}

// refreshNames forgets the profile's names (r): the lookup that follows
// asks the server again.
func (n *leadNames) refreshNames() {
	if n.r != nil {
		n.r.Refresh()
	}
}

// stopLead cancels the lead's resolve; its answers still on the way are
// dropped.
func (n *leadNames) stopLead() {
	if n.cancel != nil {
		n.cancel()
		n.cancel = nil
	}
	n.seq++
	n.busy = false
}

// stop cancels every name request (esc): the lead's, the contact's and
// the batch's holders'. What came stays.
func (n *leadNames) stop() {
	n.stopLead()
	n.stopContact()
	if n.holders.cancel != nil {
		n.holders.cancel()
		n.holders.cancel, n.holders.asked = nil, nil
	}
}

// stopContact cancels the contact's fetch, if one runs.
func (n *leadNames) stopContact() {
	if n.contact.cancel != nil {
		n.contact.cancel()
		n.contact.cancel = nil
	}
	n.contact.seq++
	n.contact.busy = false
}

// forRow asks for the name of a done batch row's holder (the table asks:
// nameHolderMsg). Rows held by the same person ask once: a batch of 50
// leads held by 5 people makes 5 requests (and none for a holder the
// resolver's cache knows). A new batch's table is shown no names (show).
func (n *leadNames) forRow(w nameHolderMsg) (cmd tea.Cmd, show []tea.Msg) {
	if n.r == nil {
		return nil, nil
	}
	if w.seq != n.holders.seq || n.holders.asked == nil {
		// A new batch: the old one's holders are no longer asked for.
		if n.holders.cancel != nil {
			n.holders.cancel()
		}
		n.holders.seq, n.holders.held, n.holders.asked = w.seq, nil, map[api.NameKey]bool{}
		n.holders.ctx, n.holders.cancel = context.WithCancel(n.parent)
		show = []tea.Msg{heldNamesMsg{nil}}
	}
	return n.askHolder(w.customer, w.receiver), show
}

func (n *leadNames) askHolder(customer string, receiver *api.LeadReceiver) tea.Cmd {
	k, ok := api.HolderKey(customer, receiver)
	if !ok || n.holders.asked[k] {
		return nil
	}
	n.holders.asked[k] = true
	r, ctx, seq := n.r, n.holders.ctx, n.holders.seq
	return func() tea.Msg { return holderNameMsg{seq, r.Lookup(ctx, k)} }
}

// cardKeys open the cards of the lead on screen, from the detail and raw
// panes; each is enabled while the lead has such an id and names are on.
type cardKeys struct {
	Stop    key.Binding // esc while names are on their way
	Agent   key.Binding // a
	Group   key.Binding // u
	Office  key.Binding // m
	Estate  key.Binding // e
	Contact key.Binding // K
	// has says which of Agent … Contact the lead on screen has an id for;
	// the others still answer, saying the lead has none.
	has [5]bool
}

func newCardKeys(l *i18n.Localizer) cardKeys {
	return cardKeys{
		Stop:    bind("esc", l.T("ui.names.key.stop"), "esc"),
		Agent:   bind("a", detail.LevelWord(l, api.LevelAgent), "a"),
		Group:   bind("u", detail.LevelWord(l, api.LevelUserGroup), "u"),
		Office:  bind("m", detail.LevelWord(l, api.LevelOffice), "m"),
		Estate:  bind("e", l.T("ui.names.key.estate"), "e"),
		Contact: bind("K", l.T("ui.names.key.contact"), "K"),
	}
}

func (k cardKeys) all() []key.Binding {
	return []key.Binding{k.Agent, k.Group, k.Office, k.Estate, k.Contact}
}

func (k cardKeys) keyMap() helpKeys {
	var h helpKeys
	h.add(slotCancel, k.Stop)
	h.add(slotCards, k.live()...)
	return h
}

// sync enables the card keys the lead on screen has ids for, and esc
// while its names are on their way.
func (k *cardKeys) sync(lead *api.IncomingLead, on, busy bool) {
	k.Stop.SetEnabled(on && busy)
	var rc api.LeadReceiver
	if lead != nil && lead.Receiver != nil {
		rc = *lead.Receiver
	}
	has := func(s string) bool { return on && lead != nil && s != "" }
	agent, group, office := "", "", ""
	if rc.Agent != nil {
		agent = rc.Agent.ID
		if rc.Agent.Office != nil {
			office = rc.Agent.Office.ID
		}
	}
	if rc.UserGroup != nil {
		group = rc.UserGroup.ID
	}
	if rc.Office != nil && rc.Office.ID != "" {
		office = rc.Office.ID
	}
	var estate, contact string
	if lead != nil {
		estate, contact = lead.BuyingEstateID+lead.SellingEstateID, lead.ContactID
	}
	// Every card key answers while a lead is on screen: one without its
	// id says so in the status bar rather than doing nothing.
	for _, b := range []*key.Binding{&k.Agent, &k.Group, &k.Office, &k.Estate, &k.Contact} {
		b.SetEnabled(on && lead != nil)
	}
	k.has = [5]bool{has(agent), has(group), has(office), has(estate), has(contact)}
}

// live is the card keys that open a card now, for the help line.
func (k cardKeys) live() []key.Binding {
	var out []key.Binding
	for i, b := range k.all() {
		if b.Enabled() && k.has[i] {
			out = append(out, b)
		}
	}
	return out
}

// overlay is every card key for the ? overlay, and which of them open a
// card now (the others are dimmed there).
func (k cardKeys) overlay() ([]key.Binding, []bool) {
	all, live := k.all(), make([]bool, 5)
	for i, b := range all {
		live[i] = b.Enabled() && k.has[i]
	}
	return all, live
}

// wants says whether a key is one of the cards': one that opens a card
// from the lead, or esc that stops the names on their way.
func (n leadNames) wants(k tea.KeyPressMsg) bool {
	c := n.keys
	return key.Matches(k, c.Stop, c.Agent, c.Group, c.Office, c.Estate, c.Contact)
}

// onKey opens a card (openCardMsg), or stops the names on their way.
// Opening the contact's card is what fetches the contact.
func (n *leadNames) onKey(k tea.KeyPressMsg) (cmd tea.Cmd, show []tea.Msg) {
	var kind cardKind
	switch {
	case key.Matches(k, n.keys.Stop):
		n.stop()
		return nil, []tea.Msg{noticeMsg{n.l.T("ui.names.stopped")}}
	case key.Matches(k, n.keys.Agent):
		kind = cardAgent
	case key.Matches(k, n.keys.Group):
		kind = cardGroup
	case key.Matches(k, n.keys.Office):
		kind = cardOffice
	case key.Matches(k, n.keys.Estate):
		kind = cardEstate
	default:
		kind = cardContact
	}
	if !n.keys.has[kind-1] {
		return nil, []tea.Msg{noticeMsg{kind.none(n.l)}}
	}
	show = []tea.Msg{openCardMsg{kind}}
	if kind != cardContact || n.contact.name != nil || n.contact.busy {
		return nil, show
	}
	n.stopContact()
	n.contact.busy = true
	ctx, cancel := context.WithCancel(n.parent)
	n.contact.cancel = cancel
	r, seq, c, id := n.r, n.contact.seq, n.key.customer, n.lead.ContactID
	return func() tea.Msg { return contactMsg{seq, r.Contact(ctx, c, id)} }, show
}

// sync enables the card keys for the lead on screen (nil for none); on
// says the detail or raw pane has the focus and takes no text.
func (n *leadNames) sync(lead *api.IncomingLead, on bool) {
	if n.lead != lead {
		lead = nil
	}
	n.keys.sync(lead, n.r != nil && on, n.busy || n.contact.busy)
}

// overlay is the card keys for the ? overlay, and which of them open a
// card now; nil while names are off.
func (n leadNames) overlay() ([]key.Binding, []bool) {
	if n.r == nil {
		return nil, nil
	}
	return n.keys.overlay()
}
