package ui

import (
	"strings"
	"unicode"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
	"leadinspector/api/base/sanitize"
)

// A card's fields from models Vitec does not document in full (the
// estate's EstateType, Address, AssignmentType, Status and Price, a
// contact's Telephone and Address) come as the server sent them, labelled
// by their own names. Where Vitec documents what a field means, on the
// endpoint's page or on a model of the same name elsewhere (Address and
// Telephone), the card says it in the user's language; any other field
// keeps the server's name, written as XML writes it (PascalCase), so a card
// reads the same whether the answer came in JSON or XML.

// documentedLabel is a field's label in l's language, by its path under
// the model ("Address.StreetAddress"), any case; "" when Vitec does not
// document it.
func documentedLabel(l *i18n.Localizer, path string) string {
	switch strings.ToLower(path) {
	case "estatetype", "estatetype.name":
		return l.T("ui.card.field.estate_type")
	case "address":
		return l.T("ui.card.field.address")
	case "address.streetaddress":
		return l.T("ui.card.field.street")
	case "address.zipcode":
		return l.T("ui.card.field.zip")
	case "address.city", "address.postaltown":
		return l.T("ui.card.field.town")
	case "address.countrycode":
		return l.T("ui.card.field.country")
	case "assignmenttype", "assignmenttype.name":
		return l.T("ui.card.field.assignment_type")
	case "status", "status.name":
		return l.T("ui.card.field.status")
	case "price":
		return l.T("ui.card.field.price")
	case "price.startingprice":
		return l.T("ui.card.field.starting_price")
	case "telephone.home":
		return l.T("ui.card.field.phone_home")
	case "telephone.work":
		return l.T("ui.card.field.phone_work")
	case "telephone.cell":
		return l.T("ui.card.field.phone_cell")
	case "telephone.other":
		return l.T("ui.card.field.phone_other")
	}
	return ""
}

// fieldLabel is a field's label: Vitec's meaning in l's language, or the
// server's name in PascalCase.
func fieldLabel(l *i18n.Localizer, path string) string {
	if s := documentedLabel(l, path); s != "" {
		return s
	}
	parts := strings.Split(path, ".")
	for i, p := range parts {
		if r := []rune(p); len(r) > 0 {
			r[0] = unicode.ToUpper(r[0])
			parts[i] = string(r)
		}
	}
	return strings.Join(parts, ".")
}

// cardField is one row a model's fields make: its path under the model and
// its value as shown.
type cardField struct{ path, value string }

// modelFields turns a model's flattened fields into rows: a MoneyValue
// (Value and Currency side by side) reads as money ("4 950 000 kr"), an Id
// with its Name as "Till salu (ForSale)". Paths are relative to the model
// ("" for a scalar model).
func modelFields(l *i18n.Localizer, model string, fs []api.Field) []cardField {
	path := func(f api.Field) string {
		if f.Label == "" || strings.EqualFold(f.Label, model) {
			return model
		}
		return model + "." + f.Label
	}
	// parent and leaf of a path: "Price.StartingPrice", "Value".
	split := func(p string) (string, string) {
		if i := strings.LastIndexByte(p, '.'); i >= 0 {
			return p[:i], p[i+1:]
		}
		return "", p
	}
	find := func(parent, leaf string) (int, bool) {
		for i, f := range fs {
			if p, lf := split(path(f)); strings.EqualFold(p, parent) && strings.EqualFold(lf, leaf) {
				return i, true
			}
		}
		return 0, false
	}
	used := make([]bool, len(fs))
	var out []cardField
	for i, f := range fs {
		if used[i] {
			continue
		}
		p := path(f)
		parent, leaf := split(p)
		switch {
		case strings.EqualFold(leaf, "Value") && parent != "":
			if j, ok := find(parent, "Currency"); ok {
				used[j] = true
				out = append(out, cardField{parent, money(l, f.Value, fs[j].Value)})
				continue
			}
		case strings.EqualFold(leaf, "Currency") && parent != "":
			if j, ok := find(parent, "Value"); ok {
				used[j] = true
				out = append(out, cardField{parent, money(l, fs[j].Value, f.Value)})
				continue
			}
		case strings.EqualFold(leaf, "Id") && parent != "":
			if j, ok := find(parent, "Name"); ok && strings.TrimSpace(fs[j].Value) != "" {
				used[j] = true
				out = append(out, cardField{parent, fs[j].Value + " (" + f.Value + ")"})
				continue
			}
		case strings.EqualFold(leaf, "Name") && parent != "":
			if j, ok := find(parent, "Id"); ok {
				used[j] = true
				out = append(out, cardField{parent, f.Value + " (" + fs[j].Value + ")"})
				continue
			}
		}
		if strings.EqualFold(model, "Price") {
			// A price without its currency is still an amount.
			if v, ok := groupDecimal(strings.TrimSpace(f.Value), l.T("ui.card.money.decimal")); ok {
				out = append(out, cardField{p, v})
				continue
			}
		}
		out = append(out, cardField{p, f.Value})
	}
	return out
}

// money is a MoneyValue as people read an amount: the whole units in
// groups of three, decimals only when there are any, and "kr" for SEK:
// "4950000.00" SEK is "4 950 000 kr". A value that is not a decimal
// number is shown as sent.
func money(l *i18n.Localizer, value, currency string) string {
	v, c := strings.TrimSpace(sanitize.Line(value)), strings.TrimSpace(sanitize.Line(currency))
	amount, ok := groupDecimal(v, l.T("ui.card.money.decimal"))
	if !ok {
		return strings.TrimSpace(v + " " + c)
	}
	switch {
	case strings.EqualFold(c, "SEK"):
		return l.T("ui.card.money.sek", "Amount", amount)
	case c == "":
		return amount
	}
	return amount + " " + c
}

// groupDecimal writes a decimal number ("-1234567.50") with its whole part
// in groups of three and sep before two decimals ("-1 234 567,50"); ".00"
// is left out. ok is false when s is not such a number.
func groupDecimal(s, sep string) (string, bool) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	digits := func(x string) bool {
		for _, r := range x {
			if r < '0' || r > '9' {
				return false
			}
		}
		return true
	}
	if whole == "" || !digits(whole) || !digits(frac) || len(whole) > 30 || len(frac) > 10 {
		return "", false
	}
	whole = strings.TrimLeft(whole, "0")
	if whole == "" {
		whole = "0"
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	if strings.Trim(frac, "0") != "" {
		for len(frac) < 2 {
			frac += "0"
		}
		b.WriteString(sep + frac)
	}
	return b.String(), true
}
