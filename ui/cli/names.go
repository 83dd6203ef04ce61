package cli

import (
	"context"
	"errors"
	"sync"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
)

// names resolves, for text output, the ids of leads into names in one
// round of parallel requests, and says on stderr, once per id, why a name
// could not be had. A failure of a name never changes the exit code.
type names struct {
	r   *api.Resolver
	sys IO
	l   *i18n.Localizer

	mu sync.Mutex
	// told are the ids whose failure stderr has already had: with several
	// leads held by the same people, each is said once.
	told map[api.NameKey]bool
	// paused are the function groups whose pause stderr has had.
	paused map[api.FunctionGroup]bool
}

func newNames(r *api.Resolver, sys IO, l *i18n.Localizer) *names {
	if r == nil {
		return nil
	}
	return &names{r: r, sys: sys, l: l, told: map[api.NameKey]bool{}, paused: map[api.FunctionGroup]bool{}}
}

// resolve resolves keys and returns what it found. An estate's primary
// agent is not waited for: text output does not show it, and it would cost
// a second round trip. ctx ends the requests still running once every key
// has its first answer.
func (n *names) resolve(ctx context.Context, keys []api.NameKey) api.Names {
	out := make(api.Names, len(keys))
	if len(keys) == 0 {
		return out
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	n.r.ResolveEach(ctx, keys, func(nm api.Name) {
		if _, seen := out[nm.Key]; seen {
			return // the estate again, with its primary agent
		}
		out[nm.Key] = nm
		if len(out) == len(keys) {
			cancel()
		}
	})
	return out
}

// report writes one line per name that failed and was not reported yet:
// "agent HAN379…: no access (website functions)".
func (n *names) report(ns api.Names) {
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, nm := range ns.Failures() {
		if n.told[nm.Key] || canceledName(nm.Err) {
			continue
		}
		var np *api.NamesPausedError
		if errors.As(nm.Err, &np) {
			// One line for the pause, not one per name it holds back.
			if !n.paused[np.Group] {
				n.paused[np.Group] = true
				Errorln(n.sys.Stderr, n.l.T("cli.names.paused", "Text", np.Localize(n.l), "Group", groupWord(np.Group)))
			}
			continue
		}
		n.told[nm.Key] = true
		Errorln(n.sys.Stderr, n.l.T("cli.names.failed", "Kind", kindWord(nm.Key.Kind),
			"ID", nm.Key.ID, "Why", n.problem(nm.Err)))
	}
}

// problem says why a name could not be had, in the user's language.
func (n *names) problem(err error) i18n.Message {
	var na *api.NoAccessError
	var nf *api.NameNotFoundError
	switch {
	case errors.As(err, &na):
		return i18n.M("cli.names.no_access", "Group", groupWord(na.Group))
	case errors.As(err, &nf):
		return i18n.M("cli.names.not_found")
	}
	// The server, the network or an answer that could not be used: what
	// happened, as a failed lookup says it.
	return i18n.M("cli.names.unavailable", "What", api.Explain(err, api.ExplainContext{Localizer: n.l}).What)
}

// groupWord names a function group in the user's language.
func groupWord(g api.FunctionGroup) i18n.Message {
	if g == api.WebsiteFunctions {
		return i18n.M("cli.names.website_functions")
	}
	return i18n.M("cli.names.crm_functions")
}

// canceledName is a name whose request was ended because it was no longer
// needed (ctrl+c, or the lead's output is done): nothing to report.
func canceledName(err error) bool {
	var ne *api.NetworkError
	return errors.As(err, &ne) && ne.Canceled || errors.Is(err, context.Canceled)
}

// kindWord names a kind of id; the receiver levels in the words the
// detail pane uses for them.
func kindWord(k api.NameKind) i18n.Message {
	switch k {
	case api.KindAgent:
		return i18n.M("detail.level.agent")
	case api.KindUserGroup:
		return i18n.M("detail.level.user_group")
	case api.KindOffice:
		return i18n.M("detail.level.office")
	case api.KindEstate:
		return i18n.M("cli.names.estate")
	}
	return i18n.M("cli.names.contact")
}
