package api

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"

	"leadinspector/api/base/i18n"
)

// NameKind says which endpoint resolves an id.
type NameKind int

// The kinds of ids the Resolver turns into names.
const (
	KindAgent NameKind = iota + 1
	KindUserGroup
	KindOffice
	KindEstate
	KindContact
)

func (k NameKind) String() string {
	switch k {
	case KindAgent:
		return "agent"
	case KindUserGroup:
		return "user group"
	case KindOffice:
		return "office"
	case KindEstate:
		return "estate"
	case KindContact:
		return "contact"
	}
	return "name"
}

// NameKey identifies one id to resolve: the customer id is the one the call
// is made for (an office's own customer id for an office).
type NameKey struct {
	Kind       NameKind
	CustomerID string
	ID         string
}

// Name is one resolved id: the field matching Key.Kind is set, or Err says
// why not (*NoAccessError, *NameNotFoundError, or any of the client's
// errors). A failure is a value: it never stops the other names.
type Name struct {
	Key     NameKey
	User    *User
	Group   *Group
	Office  *OfficeInfo
	Estate  *Estate
	Contact *Contact
	// PrimaryAgent is an estate's primary agent, itself resolved; nil
	// when the estate names none.
	PrimaryAgent *Name
	Err          error
}

// Label is the name to show beside the id: the user's, group's or office's
// name, the contact's name, or an estate's address values (as they came,
// Vitec does not document the model) and type; "" when there is none.
func (n Name) Label() string {
	switch {
	case n.Err != nil:
		return ""
	case n.User != nil:
		return n.User.Name
	case n.Group != nil:
		return n.Group.Name
	case n.Office != nil:
		return n.Office.Name
	case n.Contact != nil:
		return n.Contact.Name
	case n.Estate != nil:
		return estateLabel(n.Estate)
	}
	return ""
}

// estateLabel is the street address and town, and the type, as the
// undocumented models arrived: fields named StreetAddress and City or
// PostalTown (as in Vitec's other address models) when there are such,
// else the first two values, whatever their order.
func estateLabel(e *Estate) string {
	pick := func(names ...string) string {
		for _, f := range e.Address {
			for _, name := range names {
				if strings.EqualFold(f.Label, name) {
					return f.Value
				}
			}
		}
		return ""
	}
	var parts []string
	if street := pick("StreetAddress"); street != "" {
		parts = append(parts, street)
		if town := pick("City", "PostalTown"); town != "" {
			parts = append(parts, town)
		}
	} else {
		for _, f := range e.Address[:min(2, len(e.Address))] {
			parts = append(parts, f.Value)
		}
	}
	// A type sent as an object is shown by its Name when it has one.
	for i, f := range e.EstateType {
		if strings.EqualFold(f.Label, "Name") || i == len(e.EstateType)-1 {
			parts = append(parts, f.Value)
			break
		}
	}
	return strings.Join(parts, ", ")
}

// Names holds the outcome of a Resolve, one Name per key.
type Names map[NameKey]Name

// Get returns the Name for an id, and whether it was resolved at all.
func (ns Names) Get(kind NameKind, customerID, id string) (Name, bool) {
	n, ok := ns[NameKey{kind, customerID, id}]
	return n, ok
}

// LeadNames are the names of one lead's ids, nil where the lead has no such
// id or it was not resolved.
type LeadNames struct {
	Agent, UserGroup, Office, AgentOffice *Name
	BuyingEstate, SellingEstate           *Name
}

// Lead picks one lead's names out of ns, with the keys LeadNameKeys makes
// (customerID as given to Resolve).
func (ns Names) Lead(customerID string, l *IncomingLead) LeadNames {
	var out LeadNames
	if l == nil {
		return out
	}
	get := func(k NameKey) *Name {
		if n, ok := ns[k]; ok {
			return &n
		}
		return nil
	}
	office := func(o *Office) *Name {
		if o == nil {
			return nil
		}
		return get(NameKey{KindOffice, cmp.Or(o.CustomerID, customerID), o.ID})
	}
	if r := l.Receiver; r != nil {
		if r.Agent != nil {
			out.Agent = get(NameKey{KindAgent, customerID, r.Agent.ID})
			out.AgentOffice = office(r.Agent.Office)
		}
		if r.UserGroup != nil {
			out.UserGroup = get(NameKey{KindUserGroup, customerID, r.UserGroup.ID})
		}
		out.Office = office(r.Office)
	}
	if l.BuyingEstateID != "" {
		out.BuyingEstate = get(NameKey{KindEstate, customerID, l.BuyingEstateID})
	}
	if l.SellingEstateID != "" {
		out.SellingEstate = get(NameKey{KindEstate, customerID, l.SellingEstateID})
	}
	return out
}

// Failures lists the names that could not be resolved, in a stable order.
func (ns Names) Failures() []Name {
	var out []Name
	for _, n := range ns {
		if n.Err != nil {
			out = append(out, n)
		}
		if p := n.PrimaryAgent; p != nil && p.Err != nil {
			out = append(out, *p)
		}
	}
	slices.SortFunc(out, func(a, b Name) int {
		return cmp.Or(cmp.Compare(a.Key.Kind, b.Key.Kind), strings.Compare(a.Key.CustomerID, b.Key.CustomerID), strings.Compare(a.Key.ID, b.Key.ID))
	})
	return slices.CompactFunc(out, func(a, b Name) bool { return a.Key == b.Key })
}

// HolderKey is the name key of who holds a lead (Holder), the key Lead
// looks its name up with; false when nobody does or the holder is an office
// known by its customer id only, which has no name to ask for.
func HolderKey(customerID string, r *LeadReceiver) (NameKey, bool) {
	switch r.Holder() {
	case LevelAgent:
		return NameKey{KindAgent, customerID, r.Agent.ID}, true
	case LevelUserGroup:
		return NameKey{KindUserGroup, customerID, r.UserGroup.ID}, true
	case LevelOffice:
		if strings.TrimSpace(r.Office.ID) != "" {
			return NameKey{KindOffice, cmp.Or(r.Office.CustomerID, customerID), r.Office.ID}, true
		}
	}
	return NameKey{}, false
}

// LeadNameKeys lists the ids in a lead that have names: the receiver's
// agent, user group and office, the agent's office, and the buying and
// selling estates, each once. The contact is left out: it is personal
// data, resolved only on request. customerID is the one the lead was
// looked up with; an office is asked for under its own customer id.
func LeadNameKeys(customerID string, l *IncomingLead) []NameKey {
	if l == nil {
		return nil
	}
	var keys []NameKey
	add := func(k NameKey) {
		if strings.TrimSpace(k.ID) != "" && strings.TrimSpace(k.CustomerID) != "" && !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	office := func(o *Office) {
		if o != nil {
			add(NameKey{KindOffice, cmp.Or(o.CustomerID, customerID), o.ID})
		}
	}
	if r := l.Receiver; r != nil {
		if a := r.Agent; a != nil {
			add(NameKey{KindAgent, customerID, a.ID})
			office(a.Office)
		}
		if g := r.UserGroup; g != nil {
			add(NameKey{KindUserGroup, customerID, g.ID})
		}
		office(r.Office)
	}
	add(NameKey{KindEstate, customerID, l.BuyingEstateID})
	add(NameKey{KindEstate, customerID, l.SellingEstateID})
	return keys
}

// NameGetter is what the Resolver needs of a client; *Client has it.
type NameGetter interface {
	GetUser(ctx context.Context, customerID, userID string, f Format) (*User, error)
	GetUserGroups(ctx context.Context, customerID string, f Format) ([]Group, error)
	GetOffice(ctx context.Context, customerID, officeID string, f Format) (*OfficeInfo, error)
	GetEstate(ctx context.Context, customerID, estateID string, f Format) (*Estate, error)
	GetContact(ctx context.Context, customerID, contactID string, f Format) (*Contact, error)
}

// GiveUpAfter is how many name requests of one function group may fail in
// a row (timeouts, 5xx, 429; retries count) before the Resolver pauses
// that group's names until Resume (the inspector's r) or the end of the
// batch.
const GiveUpAfter = 3

// ResolverOptions configure a Resolver.
type ResolverOptions struct {
	// Profile names the credentials the client uses; the cache keeps
	// names per profile.
	Profile string
	// Format is asked of the name endpoints; "" means JSON.
	Format Format
	// Parallel bounds the resolver's requests in flight; zero means no
	// bound of its own: the client's request budget bounds them, and one
	// lead's names go out together.
	Parallel int
	// Cache, when set, is shared with other resolvers (one per profile);
	// nil gives the resolver its own.
	Cache *NameCache
}

// NameCache keeps resolved names in memory per (profile, kind, customer,
// id) while the program runs; nothing of it is written to disk. Names found
// and definite refusals (not found, no access) are kept; failures that may
// pass (network, server, unusable answers, cancellation) are not, so the
// next resolve tries again. Contacts are never kept: personal data is
// fetched each time it is asked for. Safe for concurrent use.
type NameCache struct {
	mu sync.Mutex
	m  map[cacheKey]*flight
}

type cacheKey struct {
	profile string
	kind    NameKind
	customer,
	id string
}

// flight is one fetch, shared by everyone asking for the same key while it
// runs, and its outcome once done is closed.
type flight struct {
	done chan struct{}
	val  any
	err  error
}

// NewNameCache returns an empty cache.
func NewNameCache() *NameCache { return &NameCache{m: map[cacheKey]*flight{}} }

// Drop forgets every name of profile (all profiles for ""), so the next
// resolve asks the server again. Fetches in flight finish for their
// callers but are not kept.
func (c *NameCache) Drop(profile string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.m {
		if profile == "" || k.profile == profile {
			delete(c.m, k)
		}
	}
}

// Len is the number of entries kept or in flight.
func (c *NameCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}

// Resolver turns lead ids into names through a client, in parallel
// (bounded), with a NameCache so the same id is asked for once. It imports
// nothing of the UI: the inspector and the command line both use it. Safe
// for concurrent use.
type Resolver struct {
	c       NameGetter
	profile string
	format  Format
	sem     chan struct{} // nil: no bound of its own
	cache   *NameCache

	mu     sync.Mutex
	groups map[FunctionGroup]*groupState
}

// groupState is how one function group's name lookups have gone lately.
type groupState struct {
	failures int   // in a row
	paused   error // *NamesPausedError once they have failed GiveUpAfter times
}

// NamesPausedError is a name not asked for: the lookups of its function
// group failed GiveUpAfter times in a row, and the Resolver stopped asking
// until Resume. Err is the last failure.
type NamesPausedError struct {
	Group FunctionGroup
	Err   error
}

func (e *NamesPausedError) Error() string { return e.Localize(nil) }

func (e *NamesPausedError) Unwrap() error { return e.Err }

// Why is the last failure in a few words: "the server asked to slow
// down", "no answer in time", "server error (HTTP 503)", "network error".
func (e *NamesPausedError) Why() i18n.Message {
	var ne *NetworkError
	switch s := StatusOf(e.Err); {
	case s == http.StatusTooManyRequests || s == http.StatusServiceUnavailable:
		return i18n.M("api.names.why_slow_down")
	case s != 0:
		return i18n.M("api.names.why_server", "Status", s)
	case errors.As(e.Err, &ne) && ne.Timeout:
		return i18n.M("api.names.why_timeout")
	}
	return i18n.M("api.names.why_network")
}

// Localize says "names paused: the server asked to slow down" in l's
// language (nil: English).
func (e *NamesPausedError) Localize(l *i18n.Localizer) string {
	m := i18n.M("api.names.paused", "Why", e.Why())
	if l == nil {
		return i18n.InEnglish(m)
	}
	return l.Say(m)
}

var _ i18n.Localized = (*NamesPausedError)(nil)

// NewResolver builds a Resolver over c.
func NewResolver(c NameGetter, o ResolverOptions) *Resolver {
	r := &Resolver{c: c, profile: o.Profile, format: o.Format, cache: o.Cache}
	if r.format == "" {
		r.format = JSON
	}
	if o.Parallel > 0 {
		r.sem = make(chan struct{}, o.Parallel)
	}
	if r.cache == nil {
		r.cache = NewNameCache()
	}
	return r
}

// Refresh forgets this profile's names, and resumes the groups paused:
// the next resolve asks again.
func (r *Resolver) Refresh() {
	r.cache.Drop(r.profile)
	r.Resume()
}

// Resume asks again for the names of the function groups paused after
// failing in a row.
func (r *Resolver) Resume() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.groups = nil
}

// Paused is why the names of a function group are paused, nil when they
// are not.
func (r *Resolver) Paused(g FunctionGroup) *NamesPausedError {
	r.mu.Lock()
	defer r.mu.Unlock()
	if st := r.groups[g]; st != nil && st.paused != nil {
		return st.paused.(*NamesPausedError)
	}
	return nil
}

// groupOf is the function group whose lookups a kind's names count
// against: an agent's (asked of the website first) the website functions'.
func groupOf(k NameKind) FunctionGroup {
	switch k {
	case KindAgent, KindOffice:
		return WebsiteFunctions
	}
	return CRMFunctions
}

// pausedErr is the error of a name of group g not asked for, nil when g's
// names are not paused.
func (r *Resolver) pausedErr(g FunctionGroup) error {
	if p := r.Paused(g); p != nil {
		return p
	}
	return nil
}

// watch returns ctx with the watch of group g's attempts: each is counted
// (note), and none is sent once g's names are paused.
func (r *Resolver) watch(ctx context.Context, g FunctionGroup) context.Context {
	return watching(ctx, &attemptWatch{
		gate: func() error { return r.pausedErr(g) },
		seen: func(err error) { r.note(g, err) },
	})
}

// note counts an attempt of group g: a failure that may pass (a timeout, a
// 5xx or 429, a network error) adds to the failures in a row, anything
// else (a name, not found, no access) ends them; cancellations say
// nothing.
func (r *Resolver) note(g FunctionGroup, err error) {
	var np *NamesPausedError
	if err != nil && (callerEnded(err) || errors.As(err, &np)) {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.groups == nil {
		r.groups = map[FunctionGroup]*groupState{}
	}
	st := r.groups[g]
	if st == nil {
		st = &groupState{}
		r.groups[g] = st
	}
	if !transient(err) {
		st.failures = 0
		return
	}
	st.failures++
	if st.failures >= GiveUpAfter && st.paused == nil {
		st.paused = &NamesPausedError{Group: g, Err: err}
	}
}

// transient says whether a name's failure may pass: the server's 5xx or
// 429, a timeout or another network error.
func transient(err error) bool {
	if err == nil || keepable(err) {
		return false
	}
	var ne *NetworkError
	if errors.As(err, &ne) {
		return true
	}
	s := StatusOf(err)
	return s == http.StatusTooManyRequests || s >= 500
}

// callerEnded says whether err is the caller's context ending (cancelled,
// or its own deadline), not the server's doing: an attempt running out of
// the client's timeout is the server's.
func callerEnded(err error) bool {
	var ne *NetworkError
	if errors.As(err, &ne) {
		return ne.Canceled || ne.Why.ID == "api.net.out_of_time"
	}
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// Resolve resolves the names of every lead (LeadNameKeys), in parallel,
// and returns when all are done or ctx ends (the unfinished ones then
// carry the cancellation as their Err). customerID is the one the leads
// were looked up with.
func (r *Resolver) Resolve(ctx context.Context, customerID string, leads ...*IncomingLead) Names {
	var keys []NameKey
	for _, l := range leads {
		for _, k := range LeadNameKeys(customerID, l) {
			if !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	return r.ResolveKeys(ctx, keys...)
}

// ResolveKeys resolves the given ids in parallel, as Resolve does.
func (r *Resolver) ResolveKeys(ctx context.Context, keys ...NameKey) Names {
	out := make(Names, len(keys))
	r.ResolveEach(ctx, keys, func(n Name) { out[n.Key] = n })
	return out
}

// ResolveEach resolves the given ids in parallel and calls fn with each
// Name as soon as it is known, so a screen can fill in names as they come;
// it returns when all are done or ctx has ended. An estate comes twice:
// first on its own, then again with its PrimaryAgent once that is resolved
// (a second round trip unless the agent was asked for already). Calls of
// fn never overlap.
func (r *Resolver) ResolveEach(ctx context.Context, keys []NameKey, fn func(Name)) {
	var mu sync.Mutex
	deliver := func(n Name) {
		mu.Lock()
		defer mu.Unlock()
		fn(n)
	}
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Go(func() {
			n := r.lookup(ctx, k, false)
			deliver(n)
			if n.Estate != nil && strings.TrimSpace(n.Estate.PrimaryAgentID) != "" {
				a := r.Lookup(ctx, r.primaryAgentKey(k, n.Estate))
				n.PrimaryAgent = &a
				deliver(n)
			}
		})
	}
	wg.Wait()
}

// primaryAgentKey is the key of an estate's primary agent: under the
// estate's own customer id when it names one.
func (r *Resolver) primaryAgentKey(k NameKey, e *Estate) NameKey {
	return NameKey{KindAgent, cmp.Or(e.CustomerID, k.CustomerID), e.PrimaryAgentID}
}

// Contact resolves a lead's contact. Call it only when the user asks to see
// the contact: it is personal data, and it is never cached.
func (r *Resolver) Contact(ctx context.Context, customerID, contactID string) Name {
	return r.Lookup(ctx, NameKey{KindContact, customerID, contactID})
}

// Lookup resolves one id, from the cache when it can. An estate's primary
// agent is resolved too (under the estate's own customer id when it names
// one), so it may take a second round trip.
func (r *Resolver) Lookup(ctx context.Context, k NameKey) Name {
	return r.lookup(ctx, k, true)
}

// lookup is Lookup; withAgent says whether to resolve an estate's primary
// agent before returning.
func (r *Resolver) lookup(ctx context.Context, k NameKey, withAgent bool) Name {
	n := Name{Key: k}
	f := r.format
	switch k.Kind {
	case KindAgent:
		n.User, n.Err = fetch(r, ctx, k, func(ctx context.Context) (*User, error) {
			return r.c.GetUser(ctx, k.CustomerID, k.ID, f)
		})
	case KindUserGroup:
		list := NameKey{Kind: KindUserGroup, CustomerID: k.CustomerID}
		groups, err := fetch(r, ctx, list, func(ctx context.Context) ([]Group, error) {
			return r.c.GetUserGroups(ctx, k.CustomerID, f)
		})
		n.Err = err
		if err == nil {
			n.Group, n.Err = FindGroup(groups, k.ID)
		}
	case KindOffice:
		n.Office, n.Err = fetch(r, ctx, k, func(ctx context.Context) (*OfficeInfo, error) {
			return r.c.GetOffice(ctx, k.CustomerID, k.ID, f)
		})
	case KindEstate:
		n.Estate, n.Err = fetch(r, ctx, k, func(ctx context.Context) (*Estate, error) {
			return r.c.GetEstate(ctx, k.CustomerID, k.ID, f)
		})
		if withAgent && n.Err == nil && strings.TrimSpace(n.Estate.PrimaryAgentID) != "" {
			a := r.Lookup(ctx, r.primaryAgentKey(k, n.Estate))
			n.PrimaryAgent = &a
		}
	case KindContact:
		if err := r.pausedErr(groupOf(k.Kind)); err != nil {
			n.Err = err
			break
		}
		if err := r.acquire(ctx); err != nil {
			n.Err = err
			break
		}
		n.Contact, n.Err = r.c.GetContact(r.watch(ctx, groupOf(k.Kind)), k.CustomerID, k.ID, f)
		r.releaseSlot()
	default:
		n.Err = &InputError{Field: "name kind", Problem: "is unknown"}
	}
	return n
}

// acquire takes a request slot, or fails when ctx ends first.
func (r *Resolver) acquire(ctx context.Context) error {
	if r.sem == nil {
		return nil
	}
	select {
	case r.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return contextError(ctx)
	}
}

// releaseSlot gives back the slot acquire took.
func (r *Resolver) releaseSlot() {
	if r.sem != nil {
		<-r.sem
	}
}

// fetch returns the cached value of k, joins a fetch of it in flight, or
// runs get (holding a request slot) and keeps its outcome when it is worth
// keeping. A caller whose fetch was cancelled under another caller's
// context tries again under its own.
func fetch[T any](r *Resolver, ctx context.Context, k NameKey, get func(context.Context) (T, error)) (T, error) {
	var zero T
	ck := cacheKey{r.profile, k.Kind, k.CustomerID, k.ID}
	for {
		r.cache.mu.Lock()
		fl, ok := r.cache.m[ck]
		if !ok {
			fl = &flight{done: make(chan struct{})}
			r.cache.m[ck] = fl
		}
		r.cache.mu.Unlock()
		if ok {
			select {
			case <-fl.done:
			case <-ctx.Done():
				return zero, contextError(ctx)
			}
			if fl.err != nil && !keepable(fl.err) && ctx.Err() == nil && canceled(fl.err) {
				continue // someone else's cancellation: ask again
			}
			if fl.err != nil {
				return zero, fl.err
			}
			return fl.val.(T), nil
		}
		var v T
		g := groupOf(k.Kind)
		err := r.pausedErr(g)
		if err == nil {
			err = r.acquire(ctx)
			if err == nil {
				v, err = get(r.watch(ctx, g))
				r.releaseSlot()
			}
		}
		fl.val, fl.err = v, err
		if err != nil && !keepable(err) {
			r.cache.mu.Lock()
			if r.cache.m[ck] == fl {
				delete(r.cache.m, ck)
			}
			r.cache.mu.Unlock()
		}
		close(fl.done)
		return v, err
	}
}

// keepable says whether a failure is definite enough to cache: the id is
// unknown, or the credentials have no access. Anything else may pass.
func keepable(err error) bool {
	var nf *NameNotFoundError
	var na *NoAccessError
	return errors.As(err, &nf) || errors.As(err, &na)
}

// canceled reports whether err is a context's cancellation or deadline.
func canceled(err error) bool {
	var ne *NetworkError
	return errors.As(err, &ne) && (ne.Canceled || ne.Timeout && errors.Is(ne.Err, context.DeadlineExceeded)) ||
		errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
