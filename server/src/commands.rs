//! The binary's one-shot commands besides serving: `import DIR` (a content folder into the database, also
//! under a running server), `token add|list|revoke` (the publishing API's bearer tokens), `user
//! add|list|disable|passwd` (the desk's accounts) and `backup FILE`.

use crate::auth;
use crate::cli::{TokenAction, UserAction};
use crate::desk::accounts;
use crate::sources::import;
use crate::store::rows::IMPORTED;
use crate::store::{Change, Database, Manager, Store};
use std::fmt::Write;
use std::path::Path;

/// Upserts the folder's site and articles in one transaction; prints what it did. Articles the
/// publishing API or the WordPress sync manage are left alone (and named).
pub async fn import(database: &Database, dir: &Path) -> Result<String, String> {
    let (site, articles) = import::load(dir)?;
    let store = Store::open(database, 1).await?;
    let orphaned: Vec<String> = store
        .channels_in_use(None)
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .filter(|ch| site.channel(ch).is_none())
        .collect();
    if !orphaned.is_empty() {
        return Err(format!(
            "{}/site.json drops channels that still have articles: {}",
            dir.display(),
            orphaned.join(", ")
        ));
    }
    let mut change = Change::new(Manager::Content);
    change.site = Some(site);
    change.upserts = articles;
    // A database filled this way is not filled again from the demo content when a server first starts.
    change.meta.push((IMPORTED.to_owned(), "1".to_owned()));
    let applied = store.apply(change).await.map_err(|e| e.to_string())?;
    let mut out = format!(
        "imported {}: {} new, {} updated",
        dir.display(),
        applied.inserted.len(),
        applied.updated.len()
    );
    if !applied.refused.is_empty() {
        let _ = write!(
            out,
            ", {} left alone (managed elsewhere:",
            applied.refused.len()
        );
        for (id, by) in &applied.refused {
            let _ = write!(out, " {id} by {}", by.as_str());
        }
        out.push(')');
    }
    Ok(out)
}

/// Adds, lists or revokes tokens; returns what to print.
pub async fn token(database: &Database, action: &TokenAction) -> Result<String, String> {
    let store = Store::open(database, 1).await?;
    let e = |e: crate::error::AppError| e.to_string();
    match action {
        TokenAction::Add { name, role } => {
            let token = auth::new_token().map_err(|e| format!("no randomness: {e}"))?;
            store
                .token_add(name, role.as_str(), &auth::digest(&token))
                .await
                .map_err(e)?;
            Ok(format!(
                "{token}\n(token {name:?}, role {}: shown only now; send it as Authorization: Bearer …)",
                role.as_str()
            ))
        }
        TokenAction::List => {
            let mut out = format!(
                "{:<24} {:<10} {:<26} {:<26} revoked\n",
                "name", "role", "created", "last used"
            );
            for t in store.tokens().await.map_err(e)? {
                let _ = writeln!(
                    out,
                    "{:<24} {:<10} {:<26} {:<26} {}",
                    t.name,
                    t.role,
                    t.created_at,
                    t.last_used_at.as_deref().unwrap_or("-"),
                    t.revoked_at.as_deref().unwrap_or("-")
                );
            }
            Ok(out.trim_end().to_owned())
        }
        TokenAction::Revoke { name } => {
            if store.token_revoke(name).await.map_err(e)? {
                Ok(format!("revoked {name:?}"))
            } else {
                Err(format!("no live token called {name:?}"))
            }
        }
    }
}

/// Copies the SQLite database to `file` beside a running server (see `store/sqlite/backup.rs`).
pub async fn backup(database: &Database, file: &Path) -> Result<String, String> {
    let dir = match database {
        Database::Sqlite(dir) => dir.clone(),
        Database::Postgres(_) => {
            return Err(
                "backup copies SQLite; for PostgreSQL use its own online backup, \
                 pg_dump --format=custom (docs/operations.md)"
                    .into(),
            )
        }
    };
    let db = dir.join(crate::store::SQLITE_FILE);
    let dest = file.to_owned();
    let copied = tokio::task::spawn_blocking(move || crate::store::backup_sqlite(&db, &dest))
        .await
        .map_err(|e| format!("backup: {e}"))??;
    Ok(format!(
        "backed up to {}: {} pages, {} bytes, integrity check ok",
        file.display(),
        copied.pages,
        copied.bytes
    ))
}

/// The new password: `DIFANG_PASSWORD`, else asked twice on the terminal (not echoed).
fn new_password(name: &str) -> Result<String, String> {
    if let Ok(p) = std::env::var("DIFANG_PASSWORD") {
        return Ok(p);
    }
    if !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        return Err("no password: set DIFANG_PASSWORD or run on a terminal".into());
    }
    let first =
        rpassword::prompt_password(format!("password for {name}: ")).map_err(|e| e.to_string())?;
    let again = rpassword::prompt_password("again: ").map_err(|e| e.to_string())?;
    if first != again {
        return Err("the two passwords differ".into());
    }
    Ok(first)
}

/// Adds, lists, disables desk accounts or sets their passwords; returns what to print.
pub async fn user(database: &Database, action: &UserAction) -> Result<String, String> {
    let store = Store::open(database, 1).await?;
    let e = |e: crate::error::AppError| e.to_string();
    let hashed = |name: &str| -> Result<String, String> {
        let password = new_password(name)?;
        accounts::hash(&password)
    };
    match action {
        UserAction::Add { name, role } => {
            store
                .user_add(name, role.as_str(), &hashed(name)?)
                .await
                .map_err(e)?;
            Ok(format!("account {name:?} added (role {})", role.as_str()))
        }
        UserAction::List => {
            let mut out = format!("{:<24} {:<10} {:<26} disabled\n", "name", "role", "created");
            for u in store.users().await.map_err(e)? {
                let _ = writeln!(
                    out,
                    "{:<24} {:<10} {:<26} {}",
                    u.name,
                    u.role,
                    u.created_at,
                    u.disabled_at.as_deref().unwrap_or("-")
                );
            }
            Ok(out.trim_end().to_owned())
        }
        UserAction::Disable { name } => {
            if store.user_disable(name).await.map_err(e)? {
                Ok(format!("account {name:?} disabled; its sessions ended"))
            } else {
                Err(format!("no enabled account called {name:?}"))
            }
        }
        UserAction::Passwd { name } => {
            if store.user_password(name, &hashed(name)?).await.map_err(e)? {
                Ok(format!("password of {name:?} set; its sessions ended"))
            } else {
                Err(format!("no account called {name:?}"))
            }
        }
    }
}
