package detail

import (
	"errors"
	"strings"
	"unicode/utf8"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
	"leadinspector/api/base/sanitize"
)

// named is an id with its name: "Anna Berg (HAN379…)" once resolved, the
// id and why when the name could not be had ("· name: not found"), the id
// alone before. beside is more about the id ("customer M30012"), written
// with it.
func (r *renderer) named(id, beside string, n *api.Name) string {
	with := func(s string) string {
		if beside == "" {
			return s
		}
		return s + ", " + beside
	}
	label := ""
	if n != nil && n.Err == nil {
		label = sanitize.Line(strings.TrimSpace(n.Label()))
	}
	switch {
	case n == nil || strings.TrimSpace(id) == "" || n.Err == nil && label == "":
		if beside == "" {
			return r.id(id)
		}
		return r.id(id) + r.muted.paint(" ("+beside+")")
	case n.Err != nil:
		s := r.id(id)
		if beside != "" {
			s += r.muted.paint(" (" + beside + ")")
		}
		// The reason wraps as one phrase.
		return s + r.muted.paint(" ·"+nbsp+strings.ReplaceAll(r.l.T("detail.name_problem", "Problem", NameProblemIn(r.l, n.Err)), " ", nbsp))
	}
	id = sanitize.Line(strings.TrimSpace(id))
	if !r.o.WholeIDs {
		id = ShortID(id)
	}
	return label + r.muted.paint(" ("+with(id)+")")
}

// estate is an estate id with its short description ("Ängsvägen 3,
// Villa"). In privacy mode both are masked: an address says as much about
// the person as the id does.
func (r *renderer) estate(id string, n *api.Name) string {
	if r.o.Privacy || n == nil {
		return r.private(id)
	}
	if n.Err != nil {
		return r.id(id) + r.muted.paint(" · "+r.l.T("detail.description_problem", "Problem", NameProblemIn(r.l, n.Err)))
	}
	if label := sanitize.Line(strings.TrimSpace(n.Label())); label != "" {
		return r.id(id) + r.muted.paint(" · ") + label
	}
	return r.id(id)
}

// NameProblemIn says in a few words, in l's language (nil: English), why a
// name could not be had: "no access (website functions)", "not found" or
// "unavailable" (the server, the network, an answer that could not be
// understood).
func NameProblemIn(l *i18n.Localizer, err error) string {
	if l == nil {
		l = i18n.New(i18n.English)
	}
	var na *api.NoAccessError
	var nf *api.NameNotFoundError
	var np *api.NamesPausedError
	switch {
	case errors.As(err, &np):
		return np.Localize(l)
	case errors.As(err, &na):
		if na.Group == api.WebsiteFunctions {
			return l.T("detail.problem.no_access_website")
		}
		return l.T("detail.problem.no_access_crm")
	case errors.As(err, &nf):
		return l.T("detail.problem.not_found")
	}
	return l.T("detail.problem.unavailable")
}

// ShortID is an id cut to its first six characters when it is long: beside
// a name it only has to be recognised, the raw pane shows it whole.
func ShortID(id string) string {
	if utf8.RuneCountInString(id) <= 12 {
		return id
	}
	return string([]rune(id)[:6]) + "…"
}
