package desk

// notifySchema is the notification tables of issue 25 (package ui/notify
// reads and writes them): compact by design, since Vitec sends one row per
// change of every lead the partner delivered. Times are Unix milliseconds,
// and every value that repeats (causes, customers, types and events, the
// subscription's name/partner/chain/tenant) is a small integer into
// notify_words. An event row is about 40 bytes; with its two index entries
// under 100.
//
// Nothing here is personal data: ids, causes, the lead's State and the name
// of whoever holds it at the office (an agent, a user group, an office), as
// a lookup shows them to the desk.
const notifySchema = `
CREATE TABLE notify_words (
	id   INTEGER PRIMARY KEY,
	word TEXT NOT NULL UNIQUE
);

-- One row per lead that has notifications: what the queue lists.
CREATE TABLE notify_leads (
	id          INTEGER PRIMARY KEY,
	lead        TEXT    NOT NULL UNIQUE, -- the notification's id (LED…)
	customer    INTEGER NOT NULL,        -- notify_words: customerId of the latest change
	external    TEXT    NOT NULL,        -- data.externalId (the latest one given)
	first_at    INTEGER NOT NULL,        -- Unix ms of the first notification
	last_at     INTEGER NOT NULL,        -- Unix ms of the latest
	last_what   INTEGER NOT NULL,        -- notify_words: its cause (else its event)
	events      INTEGER NOT NULL,        -- notifications stored
	settled     INTEGER NOT NULL,        -- 1 once a cause took it past waiting for an accept
	removed     INTEGER NOT NULL,        -- 1 after a Remove
	state       TEXT    NOT NULL,        -- the State the hub's latest lookup saw ('' none yet)
	holder      TEXT    NOT NULL,        -- who holds it, by name, from that lookup
	looked_at   INTEGER NOT NULL,        -- Unix ms of that lookup (0: none)
	look_status INTEGER NOT NULL         -- its HTTP status (0: no answer)
);
CREATE INDEX notify_leads_last     ON notify_leads(last_at);
CREATE INDEX notify_leads_what     ON notify_leads(last_what, last_at);
CREATE INDEX notify_leads_customer ON notify_leads(customer, last_at);
CREATE INDEX notify_leads_stuck    ON notify_leads(settled, removed, last_at);
CREATE INDEX notify_leads_external ON notify_leads(external) WHERE external <> '';

-- One row per notification stored.
CREATE TABLE notify_events (
	id       INTEGER PRIMARY KEY,
	lead     INTEGER NOT NULL,  -- notify_leads.id
	at       INTEGER NOT NULL,  -- Unix ms, when the hub received it
	what     INTEGER NOT NULL,  -- notify_words: the cause, else the event
	kind     INTEGER NOT NULL,  -- notify_words: "type event"
	customer INTEGER NOT NULL,  -- notify_words: customerId
	origin   INTEGER NOT NULL,  -- notify_words: name, partnerId, chainId, tenantId
	sig      INTEGER NOT NULL   -- the notification's Signature: redeliveries
);
CREATE INDEX notify_events_lead ON notify_events(lead, at);
CREATE INDEX notify_events_sig  ON notify_events(sig);

-- A lead's timeline shows the desk's lookups of it too.
CREATE INDEX lookups_lead ON lookups(lead, at);
`

// notifySearch is the queue's text filter (/ in the queue pane): a trigram
// index over each notified lead's ids, State and holder, kept by triggers,
// so a substring is found without reading every lead. It is per lead, not
// per event (about 20 bytes an event at ten events a lead).
const notifySearch = `
CREATE VIRTUAL TABLE notify_search USING fts5(lead, external, state, holder,
	content = 'notify_leads', content_rowid = 'id', tokenize = 'trigram');
INSERT INTO notify_search (notify_search) VALUES ('rebuild');
CREATE TRIGGER notify_leads_search_ai AFTER INSERT ON notify_leads BEGIN
	INSERT INTO notify_search (rowid, lead, external, state, holder)
	VALUES (new.id, new.lead, new.external, new.state, new.holder);
END;
CREATE TRIGGER notify_leads_search_au AFTER UPDATE OF lead, external, state, holder ON notify_leads
WHEN old.lead IS NOT new.lead OR old.external IS NOT new.external
	OR old.state IS NOT new.state OR old.holder IS NOT new.holder
BEGIN
	INSERT INTO notify_search (notify_search, rowid, lead, external, state, holder)
	VALUES ('delete', old.id, old.lead, old.external, old.state, old.holder);
	INSERT INTO notify_search (rowid, lead, external, state, holder)
	VALUES (new.id, new.lead, new.external, new.state, new.holder);
END;
CREATE TRIGGER notify_leads_search_ad AFTER DELETE ON notify_leads BEGIN
	INSERT INTO notify_search (notify_search, rowid, lead, external, state, holder)
	VALUES ('delete', old.id, old.lead, old.external, old.state, old.holder);
END;
`
