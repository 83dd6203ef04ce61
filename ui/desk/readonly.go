package desk

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
)

// OpenReadOnly opens an existing desk store for reading only, beside a hub
// that may be writing it (WAL lets readers run beside the writer): no schema
// step, no writer goroutine, and every connection refuses writes. A file
// that does not exist is an error (fs.ErrNotExist), never created.
func OpenReadOnly(path string) (*sql.DB, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	db, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(2)
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return db, nil
}

// SchemaVersion is the schema step db is at (0: none yet).
func SchemaVersion(db *sql.DB) (int, error) {
	var v int
	err := db.QueryRow(`SELECT version FROM schema_version`).Scan(&v)
	if err != nil && (errors.Is(err, sql.ErrNoRows) || isNoTable(err)) {
		return 0, nil
	}
	return v, err
}

// NotifySchema is the schema step that completes the notification tables.
const NotifySchema = 3

func isNoTable(err error) bool {
	return err != nil && strings.Contains(err.Error(), "no such table")
}
