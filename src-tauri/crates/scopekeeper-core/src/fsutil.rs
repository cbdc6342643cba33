//! Durable file writes: the one way Scopekeeper replaces a file (connections, imported
//! catalogs, exported specs). Temporary file in the same folder, data synced, renamed over the
//! target, then the folder synced so the rename itself survives a crash or power loss.

use std::fs;
use std::io::Write;
use std::path::Path;

/// Replaces `path` with `bytes` atomically and durably. `tmp_name` is the temporary file's name
/// in the same folder; it is removed if anything fails. Creates the folder if needed.
pub fn write_atomically(path: &Path, tmp_name: &str, bytes: &[u8]) -> std::io::Result<()> {
    write_atomically_with(path, tmp_name, |f| f.write_all(bytes))
}

/// [`write_atomically`] with the content written by `write` as it is made (a report streamed
/// without first being held whole); `write` failing is the write failing.
pub fn write_atomically_with(
    path: &Path,
    tmp_name: &str,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir)?;
    let tmp = dir.join(tmp_name);
    // A file (or a planted symlink) left at the temporary name is removed, never written
    // through: the new one is created fresh.
    let _ = fs::remove_file(&tmp);
    let written = (|| {
        let f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        let mut out = std::io::BufWriter::with_capacity(1 << 16, f);
        write(&mut out)?;
        let f = out
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written?;
    sync_dir(dir)
}

/// Flushes a folder's entries (a new or renamed file in it) to disk. A no-op where folders
/// cannot be opened for syncing (Windows).
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_and_leaves_no_temporary_file_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("sub/x.json");
        write_atomically(&target, "x.json.tmp", b"one").unwrap();
        write_atomically(&target, "x.json.tmp", b"two").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"two");
        // The target is a folder: the rename fails, the old content stays, no temp is left.
        let folder = dir.path().join("sub/folder");
        fs::create_dir_all(folder.join("inside")).unwrap();
        assert!(write_atomically(&folder, "f.tmp", b"three").is_err());
        assert!(!dir.path().join("sub/f.tmp").exists());
        assert_eq!(fs::read(&target).unwrap(), b"two");
        // A symlink planted at the temporary name is not followed.
        #[cfg(unix)]
        {
            let victim = dir.path().join("victim");
            fs::write(&victim, b"keep").unwrap();
            std::os::unix::fs::symlink(&victim, dir.path().join("sub/x.json.tmp")).unwrap();
            write_atomically(&target, "x.json.tmp", b"four").unwrap();
            assert_eq!(fs::read(&victim).unwrap(), b"keep");
            assert_eq!(fs::read(&target).unwrap(), b"four");
        }
    }
}
