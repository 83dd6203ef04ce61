package desk

// migrations is the desk store's schema, one numbered step at a time. Open
// applies, in one transaction each and in order, every step whose number is
// above the database's schema_version, and records the new version in the
// same transaction, so a crash leaves the database at one version or the
// next, never between.
//
// To change the schema, append ONE entry to this list with the next number
// (never edit or reorder an entry that has shipped: databases out there
// already ran it). TestMigrationsNumbered holds the numbering to 1, 2, 3, …
//
// What the tables may hold: ids, states, HTTP statuses, times, the person's
// name and key fingerprint. Never a message, a contact's data or any other
// personal data of a lead, and never a secret.
var migrations = []migration{
	{1, "desk history and audit log", `
CREATE TABLE lookups (
	id       INTEGER PRIMARY KEY,
	at       INTEGER NOT NULL, -- Unix milliseconds, UTC
	person   TEXT    NOT NULL,
	profile  TEXT    NOT NULL,
	customer TEXT    NOT NULL,
	lead     TEXT    NOT NULL,
	status   INTEGER NOT NULL, -- HTTP status; 0 = no response
	state    TEXT    NOT NULL  -- the lead's State as received; '' when none
);
CREATE INDEX lookups_at ON lookups(at);
CREATE INDEX lookups_person_at ON lookups(person, at);

CREATE TABLE audit (
	id       INTEGER PRIMARY KEY,
	at       INTEGER NOT NULL, -- Unix milliseconds, UTC
	person   TEXT    NOT NULL,
	key_fp   TEXT    NOT NULL, -- SHA256 fingerprint of the person's SSH key
	action   TEXT    NOT NULL, -- 'lead' (a lookup) or 'contact' (a contact card opened)
	customer TEXT    NOT NULL,
	subject  TEXT    NOT NULL, -- the lead id or the contact id
	status   INTEGER NOT NULL, -- HTTP status; 0 = no response
	outcome  TEXT    NOT NULL  -- 'shown', 'failed', 'cancelled'
);
CREATE INDEX audit_at ON audit(at);
CREATE INDEX audit_person_at ON audit(person, at);
CREATE INDEX audit_subject ON audit(subject);

-- The audit log is append-only for the program: no row is ever changed,
-- and rows go only through the retention purge, which opens this gate in
-- its own transaction and closes it again before committing.
CREATE TABLE audit_gate (open INTEGER NOT NULL);
INSERT INTO audit_gate VALUES (0);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
WHEN (SELECT open FROM audit_gate) = 0
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
`},
	{2, "notifications: the queue and the timeline (notify.go)", notifySchema},
	{3, "notifications: the queue's text search (notify.go)", notifySearch},
}

// migration is one step of the schema.
type migration struct {
	version int
	what    string // what it adds, for errors
	sql     string
}
