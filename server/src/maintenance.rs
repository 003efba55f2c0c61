//! Background upkeep: writes counted views every `view_flush`, checkpoints the WAL and prunes expired
//! idempotency keys; one last flush when the server stops.

use crate::comments::prune_idempotency;
use crate::State;
use std::time::{Duration, Instant};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// How often expired idempotency keys are deleted (they are ignored by lookups as soon as they expire).
const PRUNE_EVERY: Duration = Duration::from_secs(600);

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
        let mut tick = tokio::time::interval(state.config.view_flush);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut pruned = Instant::now();
        loop {
            let last = tokio::select! {
                _ = tick.tick() => false,
                _ = &mut stopped => true,
            };
            let prune = last || pruned.elapsed() >= PRUNE_EVERY;
            if prune {
                pruned = Instant::now();
            }
            let st = state.clone();
            let done = tokio::task::spawn_blocking(move || {
                if let Err(e) = st.views.flush(&st.db) {
                    tracing::warn!(error = %e, "views not written yet; kept for the next flush");
                }
                // SQLite's automatic checkpoint is PASSIVE: while readers overlap without a pause (widget
                // queries under load) it never reaches the WAL's end, so the WAL grows without bound (105 MB
                // in a 2-minute benchmark) and every read walks it. TRUNCATE waits (busy timeout) for the
                // readers to move to the newest snapshot, copies everything and empties the file.
                if let Err(e) = st.db.with(|c| {
                    Ok(c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                        r.get::<_, i64>(0)
                    })?)
                }) {
                    tracing::debug!(error = %e, "WAL checkpoint postponed");
                }
                if prune {
                    match st.db.with(|c| prune_idempotency(c)) {
                        Ok(n) if n > 0 => tracing::info!(keys = n, "pruned idempotency keys"),
                        Ok(_) => {}
                        Err(e) => tracing::warn!(error = %e, "idempotency keys not pruned"),
                    }
                }
            })
            .await;
            if let Err(e) = done {
                tracing::error!(error = %e, "maintenance step failed");
            }
            if last {
                break;
            }
        }
    });
    Handle { stop, task }
}
