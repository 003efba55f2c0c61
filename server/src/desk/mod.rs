//! The editors' desk: accounts (argon2 passwords), sessions in the database, CSRF on every state change,
//! login and logout, the moderation queue with its verdicts and the audit log. Its routes are never
//! cached and never framed (`security.rs`).

pub mod accounts;
pub mod app;
pub mod live;
pub mod login;
pub mod moderation;
pub mod session;
pub mod threads;

use crate::State;
use axum::routing::get;

/// `/desk…` (pages) and `/api/v1/desk/…` (JSON for the desk's screens).
pub fn router() -> axum::Router<State> {
    let screens = app::SCREENS.iter().fold(axum::Router::new(), |r, path| {
        r.route(path, get(app::screen))
    });
    screens
        .route("/desk/login", get(login::login_form).post(login::login))
        .route("/desk/logout", axum::routing::post(login::logout))
        .route("/api/v1/desk/session", get(login::session_info))
        .route("/api/v1/desk/summary", get(moderation::summary))
        .route("/api/v1/desk/queue", get(moderation::queue))
        .route("/api/v1/desk/reports", get(moderation::reports))
        .route("/api/v1/desk/audit", get(moderation::audit))
        .route(
            "/api/v1/desk/comments/{id}/{action}",
            axum::routing::post(moderation::act),
        )
        .route("/api/v1/desk/comments", get(threads::comments))
        .route("/api/v1/desk/articles", get(threads::articles))
        .route(
            "/api/v1/desk/articles/{id}/{action}",
            axum::routing::post(threads::set_open),
        )
        .route(
            "/api/v1/desk/articles/{id}/live",
            axum::routing::post(live::post),
        )
        .route(
            "/api/v1/desk/articles/{id}/live/{state}",
            axum::routing::post(live::mark),
        )
}
