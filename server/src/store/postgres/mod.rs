//! The PostgreSQL backend (`--database postgres://…`): several server instances on one database. The
//! driver is tokio-postgres (async, no blocking threads) with a deadpool pool; migrations are refinery's,
//! taken under an advisory lock so instances starting together run them once.
//!
//! What SQLite gets from its single writer, PostgreSQL gets from advisory locks held by one transaction:
//! the first import, content changes, and each (article, idempotency key) of a comment post are each done
//! by one instance at a time, so "the same key twice → one comment" holds across instances.

mod accounts;
mod articles;
mod comments;
mod desk;
mod feeds;
mod live;
mod publish;
mod search;
mod tags;
mod threads;

use super::rows::{CHANGES_KEPT_NS, IMPORTED, SITE};
use super::TokenInfo;
use crate::error::{AppError, AppResult};
use crate::keys::Keys;
use deadpool_postgres::GenericClient;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use model::content::ContentArticle;
use model::Site;
use std::time::Duration;
use tokio_postgres::NoTls;

mod embedded {
    refinery::embed_migrations!("migrations/postgres");
}

/// Advisory lock keys (one namespace per purpose).
pub(super) mod locks {
    pub const MIGRATE: i64 = 0x0d1f_a000_0001;
    pub const IMPORT: i64 = 0x0d1f_a000_0002;
    pub const CONTENT: i64 = 0x0d1f_a000_0003;
}

/// Connections per instance: reads and writes share them (PostgreSQL has no single writer).
const POOL_SIZE: usize = 16;
/// How long a request waits for a free connection before it answers 503.
const POOL_WAIT: Duration = Duration::from_secs(2);

#[derive(Clone)]
pub struct Postgres {
    pool: Pool,
    config: std::sync::Arc<tokio_postgres::Config>,
    /// Time from asking the pool for a connection to holding one (`/metrics`).
    wait: prometheus_client::metrics::histogram::Histogram,
}

/// A session-level advisory lock on a connection of its own: held as long as the connection lives, so an
/// instance that dies (even killed) frees it for another at once.
pub struct PgLease {
    config: std::sync::Arc<tokio_postgres::Config>,
    key: String,
    client: Option<tokio_postgres::Client>,
}

impl PgLease {
    pub async fn held(&mut self) -> bool {
        if self.client.as_ref().is_some_and(|c| !c.is_closed()) {
            return true;
        }
        self.client = None;
        let Ok((client, conn)) = self.config.connect(NoTls).await else {
            return false;
        };
        tokio::spawn(async move {
            let _ = conn.await;
        });
        let got = client
            .query_one(
                "SELECT pg_try_advisory_lock(hashtextextended($1, 0))",
                &[&self.key],
            )
            .await
            .map(|r| r.get::<_, bool>(0))
            .unwrap_or(false);
        if got {
            self.client = Some(client);
        }
        got
    }
}

impl From<tokio_postgres::Error> for AppError {
    fn from(e: tokio_postgres::Error) -> Self {
        // A lost connection or a server shutting down is a 503 the client may retry, not our fault.
        if e.is_closed() || e.code().is_none() {
            return AppError::Busy(format!("database: {e}"));
        }
        match e.code() {
            // Connection (08), resources (53), lock not available (55), cancelled or shutting down (57).
            Some(c)
                if ["08", "53", "55", "57"]
                    .iter()
                    .any(|class| c.code().starts_with(class)) =>
            {
                AppError::Busy(format!("database: {e}"))
            }
            _ => AppError::Internal(format!("database: {e}")),
        }
    }
}

impl From<deadpool_postgres::PoolError> for AppError {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        AppError::Busy(format!("database pool: {e}"))
    }
}

impl Postgres {
    pub async fn open(url: &str) -> Result<Postgres, String> {
        let mut config: tokio_postgres::Config = url
            .parse()
            .map_err(|e| format!("not a PostgreSQL URL: {e}"))?;
        // A write waits this long for a lock another instance holds, a statement runs at most this long:
        // then the request is a 503 the client may retry, never a request hanging on.
        if config.get_options().is_none() {
            config.options("-c lock_timeout=2s -c statement_timeout=15s");
        }
        let manager = Manager::from_config(
            config.clone(),
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .wait_timeout(Some(POOL_WAIT))
            .create_timeout(Some(POOL_WAIT))
            .runtime(Runtime::Tokio1)
            .build()
            .map_err(|e| format!("PostgreSQL pool: {e}"))?;
        let pg = Postgres {
            pool,
            config: std::sync::Arc::new(config),
            wait: crate::store::wait_histogram(),
        };
        pg.migrate()
            .await
            .map_err(|e| format!("cannot prepare the PostgreSQL database: {e}"))?;
        Ok(pg)
    }

    async fn migrate(&self) -> Result<(), String> {
        let mut conn = self.pool.get().await.map_err(|e| e.to_string())?;
        let e = |e: tokio_postgres::Error| e.to_string();
        // Another instance migrating holds the lock as long as that takes: wait for it, however long.
        conn.batch_execute("SET lock_timeout = 0")
            .await
            .map_err(e)?;
        conn.execute("SELECT pg_advisory_lock($1)", &[&locks::MIGRATE])
            .await
            .map_err(e)?;
        let client: &mut tokio_postgres::Client = &mut conn;
        let mut ran = embedded::migrations::runner()
            .run_async(client)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string());
        if ran.is_ok() {
            // Under the same lock, so instances starting together fill it once.
            ran = search::backfill(client).await.map(|_| ()).map_err(e);
        }
        conn.execute("SELECT pg_advisory_unlock($1)", &[&locks::MIGRATE])
            .await
            .map_err(e)?;
        conn.batch_execute("RESET lock_timeout").await.map_err(e)?;
        ran
    }

    pub fn lease(&self, name: &str) -> PgLease {
        PgLease {
            config: self.config.clone(),
            key: format!("lease:{name}"),
            client: None,
        }
    }

    async fn conn(&self) -> AppResult<deadpool_postgres::Object> {
        let asked = std::time::Instant::now();
        let conn = self.pool.get().await?;
        self.wait.observe(asked.elapsed().as_secs_f64());
        Ok(conn)
    }

    pub fn wait(&self) -> prometheus_client::metrics::histogram::Histogram {
        self.wait.clone()
    }

    pub async fn pending_comments(&self) -> AppResult<i64> {
        let row = self
            .conn()
            .await?
            .query_one(
                "SELECT count(*) FROM comments WHERE status = 'pending'",
                &[],
            )
            .await?;
        Ok(row.get(0))
    }

    pub async fn meta(&self, key: &str) -> AppResult<Option<String>> {
        get_meta(&self.conn().await?, key).await
    }

    pub async fn meta_or_insert(&self, key: &str, value: &str) -> AppResult<String> {
        let c = self.conn().await?;
        c.execute(
            "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
            &[&key, &value],
        )
        .await?;
        Ok(get_meta(&c, key).await?.unwrap_or_else(|| value.to_owned()))
    }

    pub async fn import_if_empty(
        &self,
        load: impl FnOnce() -> Result<(Site, Vec<ContentArticle>), String> + Send + 'static,
    ) -> Result<Option<usize>, String> {
        let inner = async {
            let mut c = self.conn().await?;
            let tx = c.transaction().await?;
            // Instances starting together: one imports, the others wait here (however long a large
            // import takes) and then find it done.
            tx.batch_execute("SET LOCAL lock_timeout = 0; SET LOCAL statement_timeout = 0")
                .await?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&locks::IMPORT])
                .await?;
            if get_meta(&tx, IMPORTED).await?.is_some() {
                return Ok(Ok(None));
            }
            let (site, articles) = match tokio::task::spawn_blocking(load).await? {
                Ok(loaded) => loaded,
                Err(e) => return Ok(Err(e)),
            };
            set_meta(&tx, SITE, &serde_json::to_string(&site)?).await?;
            let hour = super::rows::current_hour();
            for a in &articles {
                publish::upsert(&tx, a, super::Manager::Content, hour).await?;
            }
            set_meta(&tx, IMPORTED, "1").await?;
            note(&tx, &Keys::site()).await?;
            tx.commit().await?;
            Ok::<_, AppError>(Ok(Some(articles.len())))
        };
        inner.await.map_err(|e| format!("import failed: {e}"))?
    }

    pub async fn upkeep(&self, prune: bool) -> AppResult<usize> {
        if !prune {
            return Ok(0);
        }
        let now = super::nanos(time::OffsetDateTime::now_utc());
        let c = self.conn().await?;
        c.execute(
            "DELETE FROM changes WHERE created_ns < $1 AND seq < (SELECT MAX(seq) FROM changes)",
            &[&(now - CHANGES_KEPT_NS)],
        )
        .await?;
        let cutoff = now - super::rows::idempotency_ttl_ns();
        Ok(
            c.execute("DELETE FROM idempotency WHERE created_ns < $1", &[&cutoff])
                .await? as usize,
        )
    }

    pub async fn content_version(&self) -> AppResult<i64> {
        Ok(self
            .conn()
            .await?
            .query_one("SELECT COALESCE(MAX(seq), 0)::bigint FROM changes", &[])
            .await?
            .get(0))
    }

    pub async fn changes_after(&self, seq: i64) -> AppResult<Vec<(i64, Keys)>> {
        Ok(self
            .conn()
            .await?
            .query(
                "SELECT seq, keys FROM changes WHERE seq > $1 ORDER BY seq LIMIT 1000",
                &[&seq],
            )
            .await?
            .iter()
            .map(|r| (r.get(0), Keys::parse(r.get(1))))
            .collect())
    }

    pub async fn token_add(&self, name: &str, role: &str, digest: &str) -> AppResult<()> {
        let now = super::rows::now_rfc3339()?;
        let added = self
            .conn()
            .await?
            .execute(
                "INSERT INTO tokens (name, role, digest, created_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (name) DO NOTHING",
                &[&name, &role, &digest, &now],
            )
            .await?;
        if added == 0 {
            return Err(AppError::new(
                model::ErrorCode::Conflict,
                format!("a token called {name:?} exists (revoked ones keep their name)"),
            ));
        }
        Ok(())
    }

    pub async fn tokens(&self) -> AppResult<Vec<TokenInfo>> {
        let rows = self
            .conn()
            .await?
            .query(
                "SELECT name, role, created_at, last_used_at, revoked_at FROM tokens ORDER BY id",
                &[],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| TokenInfo {
                name: r.get(0),
                role: r.get(1),
                created_at: r.get(2),
                last_used_at: r.get(3),
                revoked_at: r.get(4),
            })
            .collect())
    }

    pub async fn token_revoke(&self, name: &str) -> AppResult<bool> {
        let now = super::rows::now_rfc3339()?;
        Ok(self
            .conn()
            .await?
            .execute(
                "UPDATE tokens SET revoked_at = $2 WHERE name = $1 AND revoked_at IS NULL",
                &[&name, &now],
            )
            .await?
            == 1)
    }

    pub async fn token_find(&self, digest: &str) -> AppResult<Option<(String, String)>> {
        let now = super::rows::now_rfc3339()?;
        let row = self
            .conn()
            .await?
            .query_opt(
                "UPDATE tokens SET last_used_at = $2 WHERE digest = $1 AND revoked_at IS NULL
                 RETURNING name, role",
                &[&digest, &now],
            )
            .await?;
        Ok(row.map(|r| (r.get(0), r.get(1))))
    }

    pub async fn execute_for_test(&self, sql: &str) -> AppResult<u64> {
        Ok(self.conn().await?.execute(sql, &[]).await?)
    }

    pub async fn query_for_test(&self, sql: &str) -> AppResult<Vec<Vec<Option<String>>>> {
        // The simple protocol answers every column as text, whatever its type.
        let messages = self.conn().await?.simple_query(sql).await?;
        Ok(messages
            .into_iter()
            .filter_map(|m| match m {
                tokio_postgres::SimpleQueryMessage::Row(r) => {
                    Some((0..r.len()).map(|i| r.get(i).map(str::to_owned)).collect())
                }
                _ => None,
            })
            .collect())
    }
}

async fn get_meta(c: &impl GenericClient, key: &str) -> AppResult<Option<String>> {
    Ok(
        c.query_opt("SELECT value FROM meta WHERE key = $1", &[&key])
            .await?
            .map(|r| r.get(0)),
    )
}

async fn set_meta(c: &impl GenericClient, key: &str, value: &str) -> AppResult<()> {
    c.execute(
        "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
        &[&key, &value],
    )
    .await?;
    Ok(())
}

/// Notes in the change log, inside the caller's transaction, what it changed.
async fn note(c: &impl GenericClient, keys: &Keys) -> AppResult<()> {
    c.execute(
        "INSERT INTO changes (keys, created_ns) VALUES ($1, $2)",
        &[
            &keys.joined(),
            &super::nanos(time::OffsetDateTime::now_utc()),
        ],
    )
    .await?;
    Ok(())
}
