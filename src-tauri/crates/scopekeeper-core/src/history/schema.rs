//! The database's shape and how a file is opened: checked before anything is written, then
//! migrated forward one version at a time. A file this build cannot read safely (not a
//! database, damaged, or from a newer Scopekeeper) is reported and left exactly as it was.

use std::path::Path;
use std::time::Duration;

use rusqlite::Connection;

use crate::error::{Error, ErrorKind};

/// Migration `i` takes the schema from version `i` to `i + 1` (`PRAGMA user_version`).
/// Appended to, never edited: a file written by an older build replays the rest.
const MIGRATIONS: &[&str] = &[r#"
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    at_ms INTEGER NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    tokens INTEGER NOT NULL,
    findings_low INTEGER NOT NULL,
    findings_medium INTEGER NOT NULL,
    findings_high INTEGER NOT NULL,
    findings_critical INTEGER NOT NULL,
    top_score INTEGER NOT NULL
);
CREATE INDEX runs_by_time ON runs(at_ms, id);

CREATE TABLE run_connections (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    connection_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    label TEXT NOT NULL,
    vendor TEXT NOT NULL,
    tokens INTEGER NOT NULL,
    error TEXT,
    unlisted INTEGER NOT NULL,
    PRIMARY KEY (run_id, connection_id)
) WITHOUT ROWID;
CREATE INDEX run_connections_by_connection ON run_connections(connection_id, run_id);

-- A sorted, deduplicated list of strings (scopes, permissions, an allowlist, findings), kept
-- once however many tokens and runs share it; `hash` is the SHA-256 of `items`.
CREATE TABLE sets (
    id INTEGER PRIMARY KEY,
    hash BLOB NOT NULL UNIQUE,
    items TEXT NOT NULL
);

-- A catalog version: its vendor and content hash identify it.
CREATE TABLE catalogs (
    id INTEGER PRIMARY KEY,
    vendor TEXT NOT NULL,
    hash TEXT NOT NULL,
    catalog_id TEXT NOT NULL,
    origin TEXT NOT NULL,
    sources TEXT NOT NULL,
    scopes_known INTEGER NOT NULL,
    UNIQUE (vendor, hash)
);

-- Each scope of a catalog version: a digest of what it grants, implies, requires and whether
-- it is elevated, and its grants as a set (for showing what changed between versions).
CREATE TABLE catalog_scopes (
    catalog INTEGER NOT NULL REFERENCES catalogs(id),
    scope TEXT NOT NULL,
    digest TEXT NOT NULL,
    grants INTEGER NOT NULL REFERENCES sets(id),
    elevated INTEGER NOT NULL,
    PRIMARY KEY (catalog, scope)
) WITHOUT ROWID;

CREATE TABLE run_catalogs (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    vendor TEXT NOT NULL,
    catalog INTEGER NOT NULL REFERENCES catalogs(id),
    PRIMARY KEY (run_id, vendor)
) WITHOUT ROWID;

-- A token's identity across runs: its key (`vendor/connection/id`) and its parts.
CREATE TABLE tokens (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    vendor TEXT NOT NULL,
    connection_id TEXT NOT NULL,
    token_id TEXT NOT NULL
);

-- A token as one run saw it. Never a secret: the report it comes from holds none.
CREATE TABLE run_tokens (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    token INTEGER NOT NULL REFERENCES tokens(id),
    name TEXT NOT NULL,
    created_ms INTEGER,
    expires_ms INTEGER,
    last_used_ms INTEGER,
    owner TEXT,
    source TEXT NOT NULL,
    is_credential INTEGER NOT NULL,
    allowlist INTEGER NOT NULL REFERENCES sets(id),
    scopes INTEGER NOT NULL REFERENCES sets(id),
    permissions INTEGER NOT NULL REFERENCES sets(id),
    findings INTEGER NOT NULL REFERENCES sets(id),
    score INTEGER NOT NULL,
    band TEXT NOT NULL,
    PRIMARY KEY (run_id, token)
) WITHOUT ROWID;
CREATE INDEX run_tokens_by_token ON run_tokens(token, run_id);
"#];

/// The tables the first migration makes; later migrations never drop one, so a file at any
/// version from 1 on holds them all.
const TABLES: [&str; 8] = [
    "runs",
    "run_connections",
    "sets",
    "catalogs",
    "catalog_scopes",
    "run_catalogs",
    "tokens",
    "run_tokens",
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// How long a reader or the writer waits for another process's lock (the app and the CLI may
/// share the file) before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

fn damaged(path: &Path, why: &str) -> Error {
    Error::new(
        ErrorKind::Io,
        format!(
            "The history database {} is damaged ({why}). It was left untouched; move it aside \
             and Scopekeeper starts a new history. Audits work without it.",
            path.display()
        ),
    )
}

/// An error reading or writing the file, with its path.
pub(super) fn io_error(path: &Path, e: rusqlite::Error) -> Error {
    Error::new(
        ErrorKind::Io,
        format!("The history database {} failed: {e}", path.display()),
    )
}

/// Whether `path` holds bytes that are not an SQLite database, and whether it holds any. An
/// empty or missing file is a new database.
fn looks_foreign(path: &Path) -> Result<(bool, bool), Error> {
    use std::io::Read;
    let mut head = [0u8; 16];
    let mut f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((false, false)),
        Err(e) => {
            return Err(Error::new(
                ErrorKind::Io,
                format!("Cannot read the history database {}: {e}", path.display()),
            ))
        }
    };
    let n = f.read(&mut head).unwrap_or(0);
    Ok((
        n > 0 && (n < head.len() || &head != b"SQLite format 3\0"),
        n > 0,
    ))
}

/// Opens (creating it when missing) and migrates the database at `path`.
pub(super) fn open(path: &Path) -> Result<Connection, Error> {
    let (foreign, existing) = looks_foreign(path)?;
    if foreign {
        return Err(damaged(path, "it is not an SQLite database"));
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| {
            Error::new(
                ErrorKind::Io,
                format!("Cannot create the folder {}: {e}", dir.display()),
            )
        })?;
    }
    let conn = Connection::open(path).map_err(|e| io_error(path, e))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| io_error(path, e))?;
    // Read-only checks first: nothing is written to a file that fails them (not even the
    // switch to WAL, which adds files beside it).
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| damaged(path, &e.to_string()))?;
    if version < 0 {
        return Err(damaged(
            path,
            &format!("schema {version}: no Scopekeeper writes a negative version"),
        ));
    }
    if version > SCHEMA_VERSION {
        return Err(Error::new(
            ErrorKind::Io,
            format!(
                "The history database {} was written by a newer Scopekeeper (schema {version}; \
                 this one knows {SCHEMA_VERSION}). It was left untouched: update Scopekeeper, or \
                 move the file aside to start a new history.",
                path.display()
            ),
        ));
    }
    if existing {
        check(&conn, path)?;
        let foreign = if version == 0 {
            has_tables(&conn)
        } else {
            lacks_history_tables(&conn)
        };
        if foreign.map_err(|e| damaged(path, &e.to_string()))? {
            return Err(Error::new(
                ErrorKind::Io,
                format!(
                    "{} is an SQLite database, but not a Scopekeeper history. It was left \
                     untouched; move it aside to start a new history.",
                    path.display()
                ),
            ));
        }
    }
    configure(&conn, path)?;
    migrate(conn, path, version)
}

fn has_tables(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })
    .map(|n| n > 0)
}

/// Whether any of the history's tables is missing.
fn lacks_history_tables(conn: &Connection) -> rusqlite::Result<bool> {
    let list = serde_json::to_string(&TABLES).expect("names serialize");
    conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' \
         AND name IN (SELECT value FROM json_each(?1))",
        [list],
        |r| r.get::<_, usize>(0),
    )
    .map(|n| n < TABLES.len())
}

/// `PRAGMA quick_check`: the pages and indexes are consistent.
fn check(conn: &Connection, path: &Path) -> Result<(), Error> {
    let mut problems = Vec::new();
    conn.pragma_query(None, "quick_check", |r| {
        let line: String = r.get(0)?;
        if line != "ok" {
            problems.push(line);
        }
        Ok(())
    })
    .map_err(|e| damaged(path, &e.to_string()))?;
    match problems.first() {
        None => Ok(()),
        Some(first) => Err(damaged(path, first)),
    }
}

/// WAL (readers never block the writer), foreign keys enforced, and a sync level WAL makes
/// safe against corruption (a power cut may lose the last run, never the file).
fn configure(conn: &Connection, path: &Path) -> Result<(), Error> {
    let mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))
        .map_err(|e| io_error(path, e))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::new(
            ErrorKind::Io,
            format!(
                "The history database {} cannot use write-ahead logging (journal mode {mode}).",
                path.display()
            ),
        ));
    }
    conn.pragma_update(None, "foreign_keys", true)
        .and_then(|()| conn.pragma_update(None, "synchronous", "NORMAL"))
        .map_err(|e| io_error(path, e))?;
    conn.set_prepared_statement_cache_capacity(32);
    Ok(())
}

/// Replays the migrations after `from`, all in one transaction with the version bump.
fn migrate(mut conn: Connection, path: &Path, from: i64) -> Result<Connection, Error> {
    if from < SCHEMA_VERSION {
        // The app and the CLI may open a new file at the same moment: take the write lock
        // first, then read the version again, so only one of them migrates.
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| io_error(path, e))?;
        let from: i64 = tx
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| io_error(path, e))?;
        if from >= SCHEMA_VERSION {
            tx.commit().map_err(|e| io_error(path, e))?;
            return Ok(conn);
        }
        // Another process changed the version since it was checked: refuse, never index with it.
        let Some(rest) = usize::try_from(from).ok().and_then(|i| MIGRATIONS.get(i..)) else {
            return Err(damaged(path, &format!("schema {from}")));
        };
        for sql in rest {
            tx.execute_batch(sql).map_err(|e| io_error(path, e))?;
        }
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)
            .map_err(|e| io_error(path, e))?;
        tx.commit().map_err(|e| io_error(path, e))?;
    }
    Ok(conn)
}
