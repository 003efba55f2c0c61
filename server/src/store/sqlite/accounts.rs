//! SQLite: desk accounts and their sessions.

use super::{immediate, Sqlite};
use crate::error::{AppError, AppResult};
use crate::store::rows::now_rfc3339;
use crate::store::{LoginInfo, NewSession, SessionInfo, UserInfo};
use rusqlite::{params, OptionalExtension};

impl Sqlite {
    pub async fn user_add(&self, name: &str, role: &str, hash: &str) -> AppResult<()> {
        let (name, role, hash) = (name.to_owned(), role.to_owned(), hash.to_owned());
        let now = now_rfc3339()?;
        self.write(move |c| {
            let tx = immediate(c)?;
            let added = tx.execute(
                "INSERT INTO users (name, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(name) DO NOTHING",
                params![name, role, hash, now],
            )?;
            if added == 0 {
                return Err(AppError::new(
                    model::ErrorCode::Conflict,
                    format!("an account called {name:?} exists"),
                ));
            }
            tx.commit()?;
            Ok(())
        })
        .await
    }

    pub async fn users(&self) -> AppResult<Vec<UserInfo>> {
        self.read(|c| {
            let mut st =
                c.prepare("SELECT name, role, created_at, disabled_at FROM users ORDER BY name")?;
            let rows = st.query_map([], |r| {
                Ok(UserInfo {
                    name: r.get(0)?,
                    role: r.get(1)?,
                    created_at: r.get(2)?,
                    disabled_at: r.get(3)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .await
    }

    pub async fn user_disable(&self, name: &str) -> AppResult<bool> {
        let now = now_rfc3339()?;
        self.change_user(
            name,
            "UPDATE users SET disabled_at = ?2 WHERE name = ?1 AND disabled_at IS NULL",
            now,
        )
        .await
    }

    pub async fn user_password(&self, name: &str, hash: &str) -> AppResult<bool> {
        self.change_user(
            name,
            "UPDATE users SET password_hash = ?2 WHERE name = ?1",
            hash.to_owned(),
        )
        .await
    }

    /// Runs `update` (?1 the name, ?2 `value`) and ends the account's sessions, in one transaction.
    async fn change_user(
        &self,
        name: &str,
        update: &'static str,
        value: String,
    ) -> AppResult<bool> {
        let name = name.to_owned();
        self.write(move |c| {
            let tx = immediate(c)?;
            let changed = tx.execute(update, params![name, value])?;
            tx.execute(
                "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?1)",
                [&name],
            )?;
            tx.commit()?;
            Ok(changed > 0)
        })
        .await
    }

    pub async fn user_for_login(&self, name: &str) -> AppResult<Option<LoginInfo>> {
        let name = name.to_owned();
        self.read(move |c| {
            Ok(c.query_row(
                "SELECT id, role, password_hash FROM users WHERE name = ?1 AND disabled_at IS NULL",
                [&name],
                |r| {
                    Ok(LoginInfo {
                        id: r.get(0)?,
                        role: r.get(1)?,
                        password_hash: r.get(2)?,
                    })
                },
            )
            .optional()?)
        })
        .await
    }

    pub async fn session_add(&self, n: NewSession) -> AppResult<()> {
        self.write(move |c| {
            let tx = immediate(c)?;
            // Expired sessions go as new ones come.
            tx.execute(
                "DELETE FROM sessions WHERE expires_ns <= ?1",
                [n.created_ns],
            )?;
            tx.execute(
                "INSERT INTO sessions (digest, user_id, csrf, created_ns, expires_ns)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![n.digest, n.user, n.csrf, n.created_ns, n.expires_ns],
            )?;
            tx.commit()?;
            Ok(())
        })
        .await
    }

    pub async fn session_find(&self, digest: &str, now_ns: i64) -> AppResult<Option<SessionInfo>> {
        let digest = digest.to_owned();
        self.read(move |c| {
            Ok(c.query_row(
                "SELECT u.id, u.name, u.role, s.csrf FROM sessions s JOIN users u ON u.id = s.user_id
                 WHERE s.digest = ?1 AND s.expires_ns > ?2 AND u.disabled_at IS NULL",
                params![digest, now_ns],
                |r| {
                    Ok(SessionInfo {
                        user: r.get(0)?,
                        name: r.get(1)?,
                        role: r.get(2)?,
                        csrf: r.get(3)?,
                    })
                },
            )
            .optional()?)
        })
        .await
    }

    pub async fn session_delete(&self, digest: &str) -> AppResult<()> {
        let digest = digest.to_owned();
        self.write(move |c| {
            c.execute("DELETE FROM sessions WHERE digest = ?1", [&digest])?;
            Ok(())
        })
        .await
    }
}
