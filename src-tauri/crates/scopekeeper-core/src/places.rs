//! Where Scopekeeper keeps its files: [`Places`] names every one of them, under the config dir
//! (settings the admin edits or would back up) and the data dir (what the app records). The app
//! and the CLI build one `Places` from their folders and ask it for each path, so both read and
//! write the same files and no file name is spelled out anywhere else.
//!
//! Must never create, read or write a file: it only names them.

use std::path::PathBuf;

use serde::Serialize;
use ts_rs::TS;

/// The saved connections (no secrets), in the config dir.
pub const CONNECTIONS_FILE: &str = "connections.json";
/// The templates assigned to tokens, in the config dir.
pub const TEMPLATES_FILE: &str = "templates.json";
/// The audit's thresholds, in the config dir.
pub const AUDIT_SETTINGS_FILE: &str = "audit.toml";
/// Tokens registered for the audit by fingerprint, in the config dir beside the connections.
pub const REGISTERED_FILE: &str = "registered.json";
/// The pinned evidence signers' public keys, in the config dir.
pub const SIGNERS_FILE: &str = "evidence-signers.json";
/// The append-only, hash-chained action log, in the data dir.
pub const ACTION_LOG_FILE: &str = "actions.jsonl";
/// The audit history database, in the data dir.
pub const HISTORY_FILE: &str = "history.sqlite3";
/// The folder of imported catalogs, in the data dir.
pub const CATALOGS_DIR: &str = "catalogs";

/// The app's two folders, and every file in them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Places {
    /// Settings: connections, templates, `audit.toml`, registered tokens, pinned signers.
    pub config: PathBuf,
    /// Records: the action log, the history, imported catalogs.
    pub data: PathBuf,
}

impl Places {
    pub fn new(config: impl Into<PathBuf>, data: impl Into<PathBuf>) -> Self {
        Self {
            config: config.into(),
            data: data.into(),
        }
    }

    pub fn connections(&self) -> PathBuf {
        self.config.join(CONNECTIONS_FILE)
    }

    pub fn templates(&self) -> PathBuf {
        self.config.join(TEMPLATES_FILE)
    }

    pub fn audit_settings(&self) -> PathBuf {
        self.config.join(AUDIT_SETTINGS_FILE)
    }

    pub fn registered(&self) -> PathBuf {
        self.config.join(REGISTERED_FILE)
    }

    pub fn signers(&self) -> PathBuf {
        self.config.join(SIGNERS_FILE)
    }

    pub fn action_log(&self) -> PathBuf {
        self.data.join(ACTION_LOG_FILE)
    }

    pub fn history(&self) -> PathBuf {
        self.data.join(HISTORY_FILE)
    }

    pub fn imported_catalogs(&self) -> PathBuf {
        self.data.join(CATALOGS_DIR)
    }

    /// Every file (and the catalogs folder), settings first, each with what it holds in words.
    pub fn named(&self) -> Vec<(&'static str, PathBuf)> {
        vec![
            ("Connections (no secrets)", self.connections()),
            ("Templates assigned to tokens", self.templates()),
            ("Audit settings", self.audit_settings()),
            ("Tokens registered for the audit", self.registered()),
            ("Pinned evidence signers", self.signers()),
            ("Action log", self.action_log()),
            ("Audit history", self.history()),
            ("Imported catalogs", self.imported_catalogs()),
        ]
    }
}

/// One of the files Scopekeeper keeps, for the admin who backs it up or edits a setting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PlacedFile {
    /// What the file holds, in words.
    pub what: String,
    pub path: String,
    /// Whether it exists yet (most are made on first use).
    pub exists: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_named_in_the_config_dir_and_records_in_the_data_dir() {
        let p = Places::new("/c", "/d");
        let config = [
            (p.connections(), "connections.json"),
            (p.templates(), "templates.json"),
            (p.audit_settings(), "audit.toml"),
            (p.registered(), "registered.json"),
            (p.signers(), "evidence-signers.json"),
        ];
        for (path, name) in config {
            assert_eq!(path, PathBuf::from("/c").join(name));
        }
        let data = [
            (p.action_log(), "actions.jsonl"),
            (p.history(), "history.sqlite3"),
            (p.imported_catalogs(), "catalogs"),
        ];
        for (path, name) in data {
            assert_eq!(path, PathBuf::from("/d").join(name));
        }
    }

    #[test]
    fn named_lists_every_file_once_under_one_of_the_two_folders() {
        let p = Places::new("/c", "/d");
        let named = p.named();
        let mut paths: Vec<&PathBuf> = named.iter().map(|(_, path)| path).collect();
        paths.sort();
        paths.dedup();
        assert_eq!(paths.len(), 8, "each file is named once: {named:?}");
        for (what, path) in &named {
            assert!(!what.is_empty());
            assert!(path.starts_with("/c") || path.starts_with("/d"), "{path:?}");
        }
        assert!(named.iter().any(|(_, path)| *path == p.history()));
        assert!(named.iter().any(|(_, path)| *path == p.audit_settings()));
    }
}
