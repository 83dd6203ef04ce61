package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"leadinspector/api/base/i18n"
	"leadinspector/api/base/sanitize"
	"leadinspector/ui/desk"
)

// Audit prints the hub's audit log at path (serve.database).
func Audit(ctx context.Context, path string, a AuditArgs, now time.Time, sys IO) int {
	l := sys.l()
	s, err := desk.OpenReader(path)
	if errors.Is(err, desk.ErrNoStore) {
		Errorln(sys.Stderr, l.T("hub.no_store", "Path", sanitize.Line(path)))
		return ExitUsage
	}
	if err != nil {
		Errorln(sys.Stderr, sanitize.Line(err.Error()))
		return ExitInternal
	}
	defer s.Close()
	f := desk.AuditFilter{Person: a.Person, Subject: a.Lead}
	if a.Since > 0 {
		f.Since = now.Add(-a.Since)
	}
	n := 0
	var each func(desk.AuditRow) error
	var end func() error
	switch a.Format {
	case "csv":
		w := csv.NewWriter(sys.Stdout)
		w.Write([]string{"time", "person", "key_fingerprint", "action", "customer", "subject", "status", "outcome"})
		each = func(r desk.AuditRow) error {
			n++
			return w.Write([]string{r.At.UTC().Format(time.RFC3339), r.Person, r.KeyFP, r.Action, r.CustomerID, r.Subject, strconv.Itoa(r.Status), r.Outcome})
		}
		end = func() error { w.Flush(); return w.Error() }
	case "json":
		fmt.Fprint(sys.Stdout, "[")
		each = func(r desk.AuditRow) error {
			b, err := json.Marshal(r)
			if err != nil {
				return err
			}
			sep := ",\n"
			if n == 0 {
				sep = "\n"
			}
			n++
			_, err = fmt.Fprintf(sys.Stdout, "%s  %s", sep, b)
			return err
		}
		end = func() error {
			if n > 0 {
				fmt.Fprint(sys.Stdout, "\n")
			}
			_, err := fmt.Fprintln(sys.Stdout, "]")
			return err
		}
	default:
		const row = "%-19s  %-12s  %-8s  %-8s  %-36s  %-4s  %-10s  %s\n"
		each = func(r desk.AuditRow) error {
			if n == 0 {
				h := strings.Split(l.T("hub.audit_heading"), "|")
				if _, err := fmt.Fprintf(sys.Stdout, row, h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]); err != nil {
					return err
				}
			}
			n++
			// Stored text came from people's key comments and typed ids:
			// made safe for the terminal. What and how it ended are the
			// reader's words (csv and json keep the stored values).
			_, err := fmt.Fprintf(sys.Stdout, row,
				r.At.Local().Format("2006-01-02 15:04:05"), sanitize.Line(r.Person), auditWord(l, r.Action), sanitize.Line(r.CustomerID),
				sanitize.Line(r.Subject), strconv.Itoa(r.Status), auditWord(l, r.Outcome), r.KeyFP)
			return err
		}
		end = func() error {
			if n == 0 {
				Errorln(sys.Stderr, l.T("hub.audit_empty"))
			}
			return nil
		}
	}
	if err := s.Audit(ctx, f, each); err != nil {
		Errorln(sys.Stderr, sanitize.Line(err.Error()))
		return ExitInternal
	}
	if err := end(); err != nil {
		Errorln(sys.Stderr, sanitize.Line(err.Error()))
		return ExitInternal
	}
	return ExitOK
}

// auditWord is a stored action or outcome in l's words; one it does not
// know, as stored (made safe).
func auditWord(l *i18n.Localizer, v string) string {
	switch v {
	case desk.ActionLead:
		return l.T("hub.audit_lead")
	case desk.ActionContact:
		return l.T("hub.audit_contact")
	case desk.OutcomeShown:
		return l.T("hub.audit_shown")
	case desk.OutcomeFailed:
		return l.T("hub.audit_failed")
	case desk.OutcomeCancelled:
		return l.T("hub.audit_cancelled")
	}
	return sanitize.Line(v)
}
