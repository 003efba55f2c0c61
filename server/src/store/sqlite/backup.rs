//! `difang-server backup FILE`: a consistent copy of a live SQLite database, taken beside a server that
//! keeps writing.
//!
//! SQLite's online backup API copies every page in one step, inside one read transaction: in WAL mode
//! the server's writers neither wait for it nor make it start over (a copy in many small steps restarts
//! whenever another process writes, and under steady comments might never end). The copy is written
//! under a temporary name, switched to a single file (rollback journal, no `-wal` beside it), checked
//! with `PRAGMA integrity_check`, and only then renamed to FILE: a failed backup never leaves a broken
//! file under the name a restore would use.

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What a backup wrote.
#[derive(Debug)]
pub struct Copied {
    pub pages: i32,
    pub bytes: u64,
}

/// The copy's temporary name: beside FILE (so the rename is atomic), never a name a restore uses.
fn partial(dest: &Path) -> PathBuf {
    let mut name = dest.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    dest.with_file_name(name)
}

/// Copies the database at `db` to `dest` (replacing it), consistent as of one moment.
pub fn backup(db: &Path, dest: &Path) -> Result<Copied, String> {
    if !db.is_file() {
        return Err(format!("no database at {}", db.display()));
    }
    let src = Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| format!("cannot open {}: {e}", db.display()))?;
    src.busy_timeout(Duration::from_secs(5))
        .map_err(|e| e.to_string())?;
    let tmp = partial(dest);
    let _ = std::fs::remove_file(&tmp);
    let result = copy(&src, &tmp).and_then(|pages| {
        std::fs::rename(&tmp, dest)
            .map_err(|e| format!("cannot rename {} to {}: {e}", tmp.display(), dest.display()))?;
        let bytes = std::fs::metadata(dest).map(|m| m.len()).unwrap_or(0);
        Ok(Copied { pages, bytes })
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// The copy itself, then its check.
fn copy(src: &Connection, tmp: &Path) -> Result<i32, String> {
    let mut dst =
        Connection::open(tmp).map_err(|e| format!("cannot create {}: {e}", tmp.display()))?;
    let pages = {
        let b = Backup::new(src, &mut dst).map_err(|e| format!("backup: {e}"))?;
        // All pages in one step. Busy or locked (a checkpoint holding the file a moment): try again.
        let mut tries = 0;
        loop {
            match b.step(-1).map_err(|e| format!("backup: {e}"))? {
                StepResult::Done => break,
                StepResult::Busy | StepResult::Locked if tries < 50 => {
                    tries += 1;
                    std::thread::sleep(Duration::from_millis(100));
                }
                other => return Err(format!("backup did not finish: {other:?}")),
            }
        }
        b.progress().pagecount
    };
    // One self-contained file: a restore copies just this.
    dst.pragma_update(None, "journal_mode", "DELETE")
        .map_err(|e| format!("backup: {e}"))?;
    let check: String = dst
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| format!("integrity check: {e}"))?;
    if check != "ok" {
        return Err(format!("the copy failed its integrity check: {check}"));
    }
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_of_a_wal_database_is_one_checked_file_and_a_failure_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("difang.db");
        let c = Connection::open(&db).unwrap();
        c.pragma_update(None, "journal_mode", "WAL").unwrap();
        c.execute_batch("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('资阳');")
            .unwrap();
        let dest = dir.path().join("backup.db");
        let copied = backup(&db, &dest).unwrap();
        assert!(copied.pages > 0 && copied.bytes > 0, "{copied:?}");
        assert!(!partial(&dest).exists());
        let b = Connection::open(&dest).unwrap();
        let mode: String = b
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "delete");
        let x: String = b.query_row("SELECT x FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(x, "资阳");

        let missing = backup(&dir.path().join("none.db"), &dir.path().join("b2.db"));
        assert!(missing.unwrap_err().contains("no database"));
        let unwritable = backup(&db, &dir.path().join("no-such-dir/backup.db"));
        assert!(unwritable.is_err());
        assert!(!dir.path().join("no-such-dir").exists());
    }
}
