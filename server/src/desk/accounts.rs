//! Desk accounts: their roles, and their passwords hashed with argon2 (Argon2id, the crate's default
//! parameters) as PHC strings; `difang-server user add|list|disable|passwd`.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// What an account may do on the desk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Role {
    /// Reads the desk; closes and opens comments on articles.
    Editor,
    /// Also moderates comments and blocks addresses.
    Moderator,
    /// Everything, accounts included.
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Editor => "editor",
            Role::Moderator => "moderator",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        [Role::Editor, Role::Moderator, Role::Admin]
            .into_iter()
            .find(|r| r.as_str() == s)
    }
}

/// Shortest and longest password accepted (long ones would only cost hashing time).
pub const PASSWORD_CHARS: std::ops::RangeInclusive<usize> = 10..=256;

/// An account name: 1–64 of `[A-Za-z0-9._-]`, so it is safe in logs, the audit trail and the CLI.
pub fn valid_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// The password's PHC hash, with a fresh random salt.
pub fn hash(password: &str) -> Result<String, String> {
    let chars = password.chars().count();
    if !PASSWORD_CHARS.contains(&chars) {
        return Err(format!(
            "a password has {}–{} characters (this one {chars})",
            PASSWORD_CHARS.start(),
            PASSWORD_CHARS.end()
        ));
    }
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| format!("no randomness: {e}"))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// True if `password` is the one `phc` was made from.
pub fn verify(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A hash to check a password against when there is no such account, so that a wrong name takes as
/// long as a wrong password (no telling which names exist by the time an answer takes).
pub fn decoy() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash("decoy-password-never-used").unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_salted_and_verify_only_their_password() {
        let a = hash("资阳新闻编辑部2026").unwrap();
        let b = hash("资阳新闻编辑部2026").unwrap();
        assert!(a.starts_with("$argon2id$"), "{a}");
        assert_ne!(a, b, "a fresh salt each time");
        assert!(verify("资阳新闻编辑部2026", &a));
        assert!(!verify("资阳新闻编辑部2027", &a));
        assert!(!verify("资阳新闻编辑部2026", "not a hash"));
        assert!(hash("short").unwrap_err().contains("10–256"));
        assert!(!verify("anything", decoy()));
    }

    #[test]
    fn names_and_roles() {
        assert!(valid_name("li.wei-2"));
        assert!(!valid_name("李伟"));
        assert!(!valid_name(""));
        assert!(!valid_name("a b"));
        assert_eq!(Role::parse("moderator"), Some(Role::Moderator));
        assert_eq!(Role::parse("root"), None);
    }
}
