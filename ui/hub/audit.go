package hub

import (
	"context"
	"errors"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
	"leadinspector/ui/desk"
)

// Client is what the hub needs of the API client: leads and names.
type Client interface {
	api.LeadGetter
	api.NameGetter
}

// audited is one session's view of the hub's client: every lead looked up
// and every contact card opened is written to the desk store (desk history
// and audit log) before its answer reaches the session. When the row
// cannot be written the answer is withheld and the session told why: the
// audit fails closed.
type audited struct {
	Client
	store   *desk.Store
	who     desk.Who
	profile string
	// after is told of each lookup recorded (the hub refreshes the desk's
	// history in every session).
	after func()
}

// AuditError is a lookup refused because its audit row could not be
// written.
type AuditError struct{ Err error }

func (e *AuditError) Error() string {
	return "refused: the audit log could not be written (" + e.Err.Error() + ")"
}
func (e *AuditError) Unwrap() error { return e.Err }

// Localize words the refusal in l's language.
func (e *AuditError) Localize(l *i18n.Localizer) string {
	return l.T("hub.audit_refused", "Error", e.Err.Error())
}

var _ i18n.Localized = (*AuditError)(nil)

func (a *audited) GetIncomingLead(ctx context.Context, customerID, leadID string, f api.Format) (*api.Result, error) {
	res, err := a.Client.GetIncomingLead(ctx, customerID, leadID, f)
	l := desk.Lookup{Profile: a.profile, CustomerID: customerID, LeadID: leadID, Status: statusOf(res, err)}
	if res != nil && res.Lead != nil {
		l.State = string(res.Lead.State)
	}
	// Written even when ctx has ended: the request was sent and the audit
	// must say so.
	if werr := a.store.RecordLookup(context.WithoutCancel(ctx), a.who, l, outcomeOf(err)); werr != nil {
		return nil, &AuditError{werr}
	}
	if a.after != nil {
		a.after()
	}
	if res != nil {
		// The exact bytes (credentials included if the server echoed them)
		// never leave the hub: only O would write them, and O is off here.
		res.Exact = nil
	}
	return res, err
}

func (a *audited) GetContact(ctx context.Context, customerID, contactID string, f api.Format) (*api.Contact, error) {
	c, err := a.Client.GetContact(ctx, customerID, contactID, f)
	if werr := a.store.RecordContact(context.WithoutCancel(ctx), a.who, customerID, contactID, statusOf(nil, err), outcomeOf(err)); werr != nil {
		return nil, &AuditError{werr}
	}
	return c, err
}

func outcomeOf(err error) string {
	switch {
	case err == nil:
		return desk.OutcomeShown
	case errors.Is(err, context.Canceled):
		return desk.OutcomeCancelled
	default:
		return desk.OutcomeFailed
	}
}

// statusOf is the HTTP status of a lookup's answer; 0 when none came.
func statusOf(res *api.Result, err error) int {
	if err == nil {
		if res != nil && res.Status != 0 {
			return res.Status
		}
		return 200
	}
	var (
		unauth   *api.UnauthorizedError
		forbid   *api.ForbiddenError
		notFound *api.NotFoundError
		rejected *api.RejectedError
		server   *api.ServerError
	)
	switch {
	case errors.As(err, &unauth):
		return unauth.Status
	case errors.As(err, &forbid):
		return forbid.Status
	case errors.As(err, &notFound):
		return notFound.Status
	case errors.As(err, &rejected):
		return rejected.Status
	case errors.As(err, &server):
		return server.Status
	}
	return 0
}
