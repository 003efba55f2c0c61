//! Desk sessions: a random cookie value, stored only as its SHA-256 digest with the account and a CSRF
//! token, in the database (every instance sees it). The cookie is `HttpOnly`, `SameSite=Strict`,
//! `Secure` when the public URL is https, and lasts [`LIFETIME`]; a disabled account's sessions end at
//! once (the lookup joins an enabled account).

use crate::desk::accounts::Role;
use crate::error::{AppError, AppResult};
use crate::State;
use axum::http::{HeaderMap, HeaderValue};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use std::time::Duration;

/// The session cookie.
pub const COOKIE: &str = "difang_desk";
/// The login form's own CSRF cookie (before there is a session).
pub const LOGIN_COOKIE: &str = "difang_desk_login";
/// How long a session lasts from its login.
pub const LIFETIME: Duration = Duration::from_secs(8 * 3600);

/// A logged-in account.
#[derive(Clone, Debug)]
pub struct Session {
    pub user: i64,
    pub name: String,
    pub role: Role,
    /// The token every state-changing desk request carries (form field or `X-CSRF-Token`).
    pub csrf: String,
    digest: String,
}

/// 256 random bits, base64url.
pub fn random_token() -> AppResult<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// A `Set-Cookie` for the desk: HttpOnly, SameSite=Strict, path `/`; `max_age` zero removes it.
pub fn set_cookie(state: &State, name: &str, value: &str, max_age: Duration) -> HeaderValue {
    let secure = state
        .config
        .public_url
        .as_deref()
        .is_some_and(|u| u.starts_with("https://"));
    let c = cookie::Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .same_site(cookie::SameSite::Strict)
        .secure(secure)
        .max_age(cookie::time::Duration::seconds(max_age.as_secs() as i64))
        .build();
    // Names are constants and values base64url: always a valid header.
    HeaderValue::from_str(&c.to_string()).unwrap_or(HeaderValue::from_static(""))
}

fn now_ns() -> i64 {
    crate::store::nanos(time::OffsetDateTime::now_utc())
}

/// The request's live session, if any.
pub async fn current(state: &State, headers: &HeaderMap) -> AppResult<Option<Session>> {
    let Some(token) = crate::client::cookie(headers, COOKIE) else {
        return Ok(None);
    };
    let digest = crate::auth::digest(&token);
    let Some(found) = state.store.session_find(&digest, now_ns()).await? else {
        return Ok(None);
    };
    let Some(role) = Role::parse(&found.role) else {
        return Ok(None);
    };
    Ok(Some(Session {
        user: found.user,
        name: found.name,
        role,
        csrf: found.csrf,
        digest,
    }))
}

/// Starts a session for `user`; returns the cookie to set.
pub async fn start(state: &State, user: i64) -> AppResult<HeaderValue> {
    let token = random_token()?;
    let csrf = random_token()?;
    let now = now_ns();
    let expires = now + LIFETIME.as_nanos() as i64;
    state
        .store
        .session_add(crate::store::NewSession {
            digest: crate::auth::digest(&token),
            user,
            csrf,
            created_ns: now,
            expires_ns: expires,
        })
        .await?;
    Ok(set_cookie(state, COOKIE, &token, LIFETIME))
}

/// Ends `session`; returns the cookie that removes it.
pub async fn end(state: &State, session: &Session) -> AppResult<HeaderValue> {
    state.store.session_delete(&session.digest).await?;
    Ok(set_cookie(state, COOKIE, "", Duration::ZERO))
}

/// True if `sent` is the session's CSRF token (compared in constant time).
pub fn csrf_ok(session: &Session, sent: Option<&str>) -> bool {
    sent.is_some_and(|s| same(s, &session.csrf))
}

/// Constant-time equality of two tokens (subtle; their lengths are public).
pub fn same(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.as_bytes().ct_eq(b.as_bytes()).into()
}
