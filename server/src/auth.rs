//! The publishing API's bearer tokens: made by `difang-server token add`, shown once, stored only as their
//! SHA-256 digest, checked on every `/api/v1/admin/` request. A token is 256 random bits, so a fast digest
//! is enough (argon2 is for passwords, which people choose). Bearer tokens are never sent by a browser
//! on its own, so these requests need no CSRF token; failed attempts are limited per client (429).

use crate::client::Client;
use crate::error::{AppError, AppResult};
use crate::State;
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use model::ErrorCode;
use sha2::{Digest, Sha256};

/// Every token starts so, which makes a leaked one easy to recognise (secret scanners, logs).
pub const PREFIX: &str = "dfg_";

/// Failed attempts a client may make per minute before it is refused with 429.
pub const FAILURES_PER_MINUTE: u32 = 10;

/// What a token may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Role {
    /// Publish, correct and take down articles.
    Publisher,
    /// Also change the site tree (places and channels).
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Publisher => "publisher",
            Role::Admin => "admin",
        }
    }
    fn parse(s: &str) -> Option<Role> {
        [Role::Publisher, Role::Admin]
            .into_iter()
            .find(|r| r.as_str() == s)
    }
    /// True if a token of this role may do what `needed` may.
    fn covers(self, needed: Role) -> bool {
        self == Role::Admin || needed == Role::Publisher
    }
}

/// A fresh token: the prefix and 32 random bytes, base64url.
pub fn new_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes)))
}

/// The digest a token is stored and looked up by (hex SHA-256).
pub fn digest(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The caller of an admin request, as its token says.
#[derive(Clone, Debug)]
pub struct Authorized {
    pub name: String,
    pub role: Role,
}

impl Authorized {
    /// 403 unless this token's role covers `needed`.
    pub fn require(&self, needed: Role) -> AppResult<()> {
        if self.role.covers(needed) {
            Ok(())
        } else {
            Err(AppError::new(
                ErrorCode::Forbidden,
                format!(
                    "令牌 {:?} 的角色是 {},不能做这件事 (token {:?} is a {} token; this needs {})",
                    self.name,
                    self.role.as_str(),
                    self.name,
                    self.role.as_str(),
                    needed.as_str()
                ),
            ))
        }
    }
}

fn unauthorized(message: &str) -> AppError {
    AppError::new(ErrorCode::Unauthorized, message.to_owned())
}

impl FromRequestParts<State> for Authorized {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, s: &State) -> Result<Self, Self::Rejection> {
        let Client(reader) = Client::from_request_parts(parts, s)
            .await
            .unwrap_or_else(|never| match never {});
        let given = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                let (scheme, token) = v.trim().split_once(' ')?;
                scheme
                    .eq_ignore_ascii_case("bearer")
                    .then(|| token.trim().to_owned())
            });
        let found = match &given {
            // Anything that is not one of our tokens is not looked up.
            Some(t) if t.starts_with(PREFIX) && t.len() <= 100 => {
                s.store.token_find(&digest(t)).await?
            }
            _ => None,
        };
        match found.and_then(|(name, role)| Some((name, Role::parse(&role)?))) {
            Some((name, role)) => Ok(Authorized { name, role }),
            None => {
                // Counted per client: the 11th failure in a minute is a 429, whatever it sends.
                if let Err(wait) = s.auth_failures.acquire(reader) {
                    let mut e = model::ApiError::new(
                        ErrorCode::RateLimited,
                        format!("认证失败太多次,请{wait}秒后再试 (too many failed attempts; retry in {wait} s)"),
                    );
                    e.error.retry_after = Some(wait);
                    return Err(AppError::Api(e));
                }
                Err(unauthorized(if given.is_none() {
                    "需要令牌:Authorization: Bearer <token> (a bearer token is required)"
                } else {
                    "令牌无效或已撤销 (the token is not valid or was revoked)"
                }))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_prefixed_and_stored_by_digest() {
        let a = new_token().unwrap();
        let b = new_token().unwrap();
        assert_ne!(a, b);
        assert!(a.starts_with(PREFIX) && a.len() == PREFIX.len() + 43, "{a}");
        assert_eq!(digest(&a), digest(&a));
        assert_eq!(digest(&a).len(), 64);
        assert_ne!(digest(&a), digest(&b));
        assert!(Role::Admin.covers(Role::Publisher));
        assert!(!Role::Publisher.covers(Role::Admin));
    }
}
