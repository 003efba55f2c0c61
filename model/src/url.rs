//! `SafeUrl`: a link or image address that is known to be http(s) or same-origin, checked on construction.

use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// An address that is safe to put in `href` or `src`: an absolute `http://` / `https://` URL, or a
/// root-relative path on the serving origin (`/media/…`). Anything else (`javascript:`, `data:`,
/// protocol-relative `//host`, control characters) is refused, also when deserialising.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct SafeUrl(String);

/// Why a string was refused as a [`SafeUrl`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnsafeUrl(pub String);

impl fmt::Display for UnsafeUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not an http(s) or root-relative URL: {:?}", self.0)
    }
}

impl std::error::Error for UnsafeUrl {}

impl SafeUrl {
    pub fn parse(s: &str) -> Result<Self, UnsafeUrl> {
        let refuse = || Err(UnsafeUrl(s.chars().take(80).collect()));
        if s.is_empty() || s.len() > 2048 || s.chars().any(|c| c.is_control() || c.is_whitespace())
        {
            return refuse();
        }
        let lower = s.to_ascii_lowercase();
        let ok = if let Some(rest) = lower
            .strip_prefix("https://")
            .or_else(|| lower.strip_prefix("http://"))
        {
            // A host must follow the scheme.
            rest.chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '[')
        } else {
            s.starts_with('/') && !s.starts_with("//") && !s.starts_with("/\\")
        };
        if ok {
            Ok(Self(s.to_owned()))
        } else {
            refuse()
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True for `http(s)://` addresses that leave the serving origin.
    pub fn is_external(&self) -> bool {
        !self.0.starts_with('/')
    }
}

impl fmt::Display for SafeUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for SafeUrl {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        SafeUrl::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_http_https_and_root_relative() {
        for ok in [
            "https://www.yybnet.net/",
            "http://example.com/a?b=c#d",
            "/media/a.svg",
            "HTTPS://X.CN",
        ] {
            assert!(SafeUrl::parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn refuses_scripts_and_tricks() {
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,<script>",
            "//evil.example/x",
            "/\\evil.example",
            "https://",
            "https:// x",
            "ftp://x",
            "vbscript:x",
            "",
            "relative/path",
            "https://a\n.b",
        ] {
            assert!(SafeUrl::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn deserialising_checks_too() {
        assert!(serde_json::from_str::<SafeUrl>("\"javascript:alert(1)\"").is_err());
        assert_eq!(
            serde_json::from_str::<SafeUrl>("\"/media/x.svg\"")
                .unwrap()
                .as_str(),
            "/media/x.svg"
        );
    }
}
