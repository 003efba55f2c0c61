//! PostgreSQL: desk accounts and their sessions (shared by every instance).

use super::Postgres;
use crate::error::{AppError, AppResult};
use crate::store::rows::now_rfc3339;
use crate::store::{LoginInfo, NewSession, SessionInfo, UserInfo};

impl Postgres {
    pub async fn user_add(&self, name: &str, role: &str, hash: &str) -> AppResult<()> {
        let now = now_rfc3339()?;
        let added = self
            .conn()
            .await?
            .execute(
                "INSERT INTO users (name, role, password_hash, created_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (name) DO NOTHING",
                &[&name, &role, &hash, &now],
            )
            .await?;
        if added == 0 {
            return Err(AppError::new(
                model::ErrorCode::Conflict,
                format!("an account called {name:?} exists"),
            ));
        }
        Ok(())
    }

    pub async fn users(&self) -> AppResult<Vec<UserInfo>> {
        let rows = self
            .conn()
            .await?
            .query(
                "SELECT name, role, created_at, disabled_at FROM users ORDER BY name",
                &[],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| UserInfo {
                name: r.get(0),
                role: r.get(1),
                created_at: r.get(2),
                disabled_at: r.get(3),
            })
            .collect())
    }

    pub async fn user_disable(&self, name: &str) -> AppResult<bool> {
        let now = now_rfc3339()?;
        self.change_user(
            name,
            "UPDATE users SET disabled_at = $2 WHERE name = $1 AND disabled_at IS NULL",
            &now,
        )
        .await
    }

    pub async fn user_password(&self, name: &str, hash: &str) -> AppResult<bool> {
        self.change_user(
            name,
            "UPDATE users SET password_hash = $2 WHERE name = $1",
            hash,
        )
        .await
    }

    /// Runs `update` ($1 the name, $2 `value`) and ends the account's sessions, in one transaction.
    async fn change_user(&self, name: &str, update: &str, value: &str) -> AppResult<bool> {
        let mut c = self.conn().await?;
        let tx = c.transaction().await?;
        let changed = tx.execute(update, &[&name, &value]).await?;
        tx.execute(
            "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = $1)",
            &[&name],
        )
        .await?;
        tx.commit().await?;
        Ok(changed > 0)
    }

    pub async fn user_for_login(&self, name: &str) -> AppResult<Option<LoginInfo>> {
        let row = self
            .conn()
            .await?
            .query_opt(
                "SELECT id, role, password_hash FROM users WHERE name = $1 AND disabled_at IS NULL",
                &[&name],
            )
            .await?;
        Ok(row.map(|r| LoginInfo {
            id: r.get(0),
            role: r.get(1),
            password_hash: r.get(2),
        }))
    }

    pub async fn session_add(&self, n: NewSession) -> AppResult<()> {
        let c = self.conn().await?;
        // Expired sessions go as new ones come.
        c.execute(
            "DELETE FROM sessions WHERE expires_ns <= $1",
            &[&n.created_ns],
        )
        .await?;
        c.execute(
            "INSERT INTO sessions (digest, user_id, csrf, created_ns, expires_ns)
             VALUES ($1, $2, $3, $4, $5)",
            &[&n.digest, &n.user, &n.csrf, &n.created_ns, &n.expires_ns],
        )
        .await?;
        Ok(())
    }

    pub async fn session_find(&self, digest: &str, now_ns: i64) -> AppResult<Option<SessionInfo>> {
        let row = self
            .conn()
            .await?
            .query_opt(
                "SELECT u.id, u.name, u.role, s.csrf FROM sessions s JOIN users u ON u.id = s.user_id
                 WHERE s.digest = $1 AND s.expires_ns > $2 AND u.disabled_at IS NULL",
                &[&digest, &now_ns],
            )
            .await?;
        Ok(row.map(|r| SessionInfo {
            user: r.get(0),
            name: r.get(1),
            role: r.get(2),
            csrf: r.get(3),
        }))
    }

    pub async fn session_delete(&self, digest: &str) -> AppResult<()> {
        self.conn()
            .await?
            .execute("DELETE FROM sessions WHERE digest = $1", &[&digest])
            .await?;
        Ok(())
    }
}
