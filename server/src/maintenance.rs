//! Background upkeep: reads the change log every [`CHANGES_EVERY`] (writes of other instances, the sync,
//! `import`), writes counted views
//! every `view_flush`, lets the store tidy up (SQLite checkpoints its WAL) and prunes expired idempotency
//! keys, and has the rate limiters forget idle clients every [`FORGET_EVERY`]; one last flush when the
//! server stops.

use crate::State;
use std::time::{Duration, Instant};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// How often expired idempotency keys are deleted (they are ignored by lookups as soon as they expire).
const PRUNE_EVERY: Duration = Duration::from_secs(600);
/// How often the change log is read: a change made by another instance, the WordPress sync or an
/// `import` run reaches this server's caches within this time.
pub const CHANGES_EVERY: Duration = Duration::from_secs(1);
/// How often the rate limiters drop the clients whose budget is whole again (their memory's bound).
const FORGET_EVERY: Duration = Duration::from_secs(10);

pub struct Handle {
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

impl Handle {
    /// Stops the task after one last flush.
    pub async fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.task.await;
    }
}

pub fn start(state: State) -> Handle {
    let (stop, mut stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let mut flush = tokio::time::interval(state.config.view_flush);
        flush.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut changes = tokio::time::interval(CHANGES_EVERY);
        changes.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut forget = tokio::time::interval(FORGET_EVERY);
        forget.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut pruned = Instant::now();
        let mut refresh_failed = false;
        loop {
            let last = tokio::select! {
                _ = flush.tick() => false,
                _ = changes.tick() => {
                    // Logged once per failure and once on recovery, not every second.
                    match state.catch_up().await {
                        Ok(_) if refresh_failed => {
                            refresh_failed = false;
                            tracing::info!("content changes are read again");
                        }
                        Ok(_) => {}
                        Err(e) if !refresh_failed => {
                            refresh_failed = true;
                            tracing::warn!(error = %e, "cannot read content changes; serving what is cached");
                        }
                        Err(_) => {}
                    }
                    continue;
                }
                _ = forget.tick() => {
                    forget_idle_clients(&state);
                    continue;
                }
                _ = &mut stopped => true,
            };
            let prune = last || pruned.elapsed() >= PRUNE_EVERY;
            if prune {
                pruned = Instant::now();
            }
            if let Err(e) = state.views.flush(&state.store).await {
                tracing::warn!(error = %e, "views not written yet; kept for the next flush");
            }
            match state.store.upkeep(prune).await {
                Ok(n) if n > 0 => tracing::info!(keys = n, "pruned idempotency keys"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "upkeep postponed"),
            }
            if last {
                break;
            }
        }
    });
    Handle { stop, task }
}

/// Every rate limiter forgets the keys it no longer needs to remember.
fn forget_idle_clients(s: &State) {
    s.limiter.forget_idle();
    s.report_limiter.forget_idle();
    s.auth_failures.forget_idle();
    s.login_clients.forget_idle();
    s.login_accounts.forget_idle();
}
