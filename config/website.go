package config

import (
	"context"
	"errors"
	"time"

	"leadinspector/api/base/i18n"
)

// Vitec issues a password per customer and function group, so the website
// functions (Advertising/…, used to turn agent and office ids into names)
// may need other credentials than the CRM ones. A profile names them with
// website_username and one of website_password_command,
// website_password_env or website_password, read as their CRM
// counterparts are; without them the profile's own credentials are used.

// websitePlan says where the website credentials come from.
type websitePlan struct {
	set      bool
	username string
	userSrc  Source // where website_username was set; Unset when not
	pw       passwordPlan
}

func planWebsite(f *File, p *FileProfile, getenv func(string) string, timeout time.Duration) websitePlan {
	if p == nil || f == nil {
		return websitePlan{}
	}
	if timeout <= 0 {
		timeout = DefaultCommandTimeout
	}
	key := func(k string) string { return "profiles." + quoteKey(p.Name) + "." + k }
	w := websitePlan{username: p.WebsiteUsername}
	if p.WebsiteUsername != "" {
		w.userSrc = f.source(key("website_username"))
	}
	w.pw = passwordPlan{getenv: getenv, timeout: timeout, profile: p.Name, path: f.Path}
	switch {
	case p.WebsitePasswordCommand != "":
		w.pw.source, w.pw.command = f.source(key("website_password_command")), p.WebsitePasswordCommand
	case p.WebsitePasswordEnv != "":
		src := f.source(key("website_password_env"))
		w.pw.source = Source{Kind: FromEnv, Detail: p.WebsitePasswordEnv + ", named by " + src.Detail}
		w.pw.envName = p.WebsitePasswordEnv
	case f.Has(key("website_password")):
		w.pw.source, w.pw.literal = f.source(key("website_password")), p.WebsitePassword
	}
	w.set = w.username != "" || w.pw.source.Kind != Unset
	return w
}

// WebsiteUsernameSource says where website_username was set; Kind is
// Unset when the profile names none (the profile's own username is used).
func (s *Settings) WebsiteUsernameSource() Source { return s.web.userSrc }

// WebsitePasswordSource says where the website password comes from; Kind is
// Unset when the profile names none (the profile's own is used).
func (s *Settings) WebsitePasswordSource() Source { return s.web.pw.source }

// WebsiteCredentials returns the website function group's credentials; ok
// is false when the profile names none, and the caller uses Credentials.
// A website_username without a website password goes with the profile's
// own password, and a website password without a website_username with the
// profile's username. The password is never part of an error.
func (s *Settings) WebsiteCredentials(ctx context.Context) (username, password string, ok bool, err error) {
	if !s.web.set || s.Demo {
		return "", "", false, nil
	}
	username = s.web.username
	if username == "" {
		username = s.Username
	}
	if s.web.pw.source.Kind == Unset {
		password, err = s.Password(ctx)
		return username, password, true, err
	}
	// The CRM password's reader, pointed at the website plan; its messages
	// name the key they read ("password_env …"), hence the prefix.
	w := *s
	w.pw = s.web.pw
	password, err = w.Password(ctx)
	if e := (*Error)(nil); errors.As(err, &e) {
		ne := *e
		ne.Says = i18n.M("config.err.website", "Text", e.Says)
		if e.Says.IsZero() {
			ne.Says = i18n.M("config.err.website", "Text", e.Msg)
		}
		err = &ne
	}
	return username, password, true, err
}
