package detail

import (
	"strings"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
	"leadinspector/api/base/sanitize"
)

// Holder is who holds a lead: the most specific level of its receiver that
// is present, its id and, once the resolver found it, its name. The detail
// pane, the batch table, the ticket and the one-shot CLI all word it from
// here, so a holder reads the same everywhere. Every field is sanitised.
type Holder struct {
	Level api.Level
	ID    string // "" for api.LevelNone
	// Office is the customer id of the office that holds the lead, or of
	// the holding agent's office: which customer the id belongs to.
	Office string
	Name   string // the resolver's label; "" before it answered or when it failed
}

// HolderOf picks the holder out of a receiver; names may be nil (names off
// or not yet resolved).
func HolderOf(r *api.LeadReceiver, names *api.LeadNames) Holder {
	h := Holder{Level: r.Holder()}
	var n *api.Name
	switch h.Level {
	case api.LevelAgent:
		h.ID = r.Agent.ID
		if o := r.Agent.Office; o != nil {
			h.Office = o.CustomerID
		}
		if names != nil {
			n = names.Agent
		}
	case api.LevelUserGroup:
		h.ID = r.UserGroup.ID
		if names != nil {
			n = names.UserGroup
		}
	case api.LevelOffice:
		h.ID, h.Office = r.Office.ID, r.Office.CustomerID
		if names != nil {
			n = names.Office
		}
	}
	h.ID, h.Office = sanitize.Line(strings.TrimSpace(h.ID)), sanitize.Line(strings.TrimSpace(h.Office))
	if n != nil && n.Err == nil {
		h.Name = sanitize.Line(strings.TrimSpace(n.Label()))
	}
	return h
}

// LevelWord names a receiver level in l's language: "agent", and for
// api.LevelNone "receiver not given" (a null receiver says no more).
func LevelWord(l *i18n.Localizer, lv api.Level) string {
	switch lv {
	case api.LevelAgent:
		return l.T("detail.level.agent")
	case api.LevelUserGroup:
		return l.T("detail.level.user_group")
	case api.LevelOffice:
		return l.T("detail.level.office")
	}
	return l.T("detail.no_receiver")
}

// Who is the holder in a few cells: its name when known, else its id
// shortened.
func (h Holder) Who() string {
	if h.Name != "" {
		return h.Name
	}
	return ShortID(h.ID)
}

// FullID is the id with the customer it belongs to when that is an
// office's: "KTR… (M30011)"; an agent's is its own id.
func (h Holder) FullID() string {
	if h.Level != api.LevelOffice || h.Office == "" {
		return h.ID
	}
	return strings.TrimSpace(h.ID + " (" + h.Office + ")")
}

// Words says who holds the lead in l's language, on one line, for a
// screen: "agent Anna Berg (HAN379…)", "office Mäklarhuset (KTR433…,
// M30011)", "office KTR… (M30011)", "receiver not given". The whole id is given until a
// name is known, so it can be searched for.
func (h Holder) Words(l *i18n.Localizer) string { return h.words(l, ShortID) }

// Text is Words with every id whole: for text that is copied into tickets
// and scripts (get's rows), where a shortened id cannot be searched for.
func (h Holder) Text(l *i18n.Localizer) string {
	return h.words(l, func(id string) string { return id })
}

// words is Words with short saying how an id beside a name is written.
func (h Holder) words(l *i18n.Localizer, short func(string) string) string {
	if h.Level == api.LevelNone {
		return LevelWord(l, h.Level)
	}
	return LevelPhrase(l, h.Level, h.who(l, short))
}

// Named is who holds the lead without the level, every id whole: "Greta
// Lindqvist-Öberg (HAN…)", "Mäklarhuset (KTR…, M30011)", "KTR… (M30011)";
// "" for api.LevelNone. For a table's column of its own.
func (h Holder) Named(l *i18n.Localizer) string {
	if h.Level == api.LevelNone {
		return ""
	}
	return h.who(l, func(id string) string { return id })
}

func (h Holder) who(l *i18n.Localizer, short func(string) string) string {
	office := h.Level == api.LevelOffice && h.Office != ""
	switch {
	case h.Name != "" && office:
		// One pair of brackets: "Name (KTR433…, M30011)".
		return l.T("detail.holder.named_with_customer", "Name", h.Name, "ID", short(h.ID), "Customer", h.Office)
	case h.Name != "":
		return l.T("detail.holder.named", "Name", h.Name, "ID", short(h.ID))
	case office:
		return l.T("detail.holder.with_customer", "Who", h.ID, "Customer", h.Office)
	}
	return h.ID
}

// LevelPhrase is a level with who fills it: "agent HAN379…", "office KTR".
func LevelPhrase(l *i18n.Localizer, lv api.Level, who string) string {
	switch lv {
	case api.LevelAgent:
		return l.T("detail.holder.agent", "Who", who)
	case api.LevelUserGroup:
		return l.T("detail.holder.user_group", "Who", who)
	case api.LevelOffice:
		return l.T("detail.holder.office", "Who", who)
	}
	return LevelWord(l, lv)
}
