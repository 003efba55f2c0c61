//! Opaque pagination cursors: the last item's key (time and id, or a search's numbers), signed so a forged
//! or edited cursor is refused.
//!
//! A cursor is base64url(`{n1}.{n2}….` ‖ tag), the tag HMAC-SHA-256(secret, scope ‖ 0 ‖ payload), checked
//! in constant time. The scope names the list (a channel, or an article's thread with its parent and
//! order), so a cursor from one list cannot be replayed on another. Keyset cursors stay valid when newer
//! items are inserted, unlike offsets.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// The tag's length in bytes (SHA-256's output).
const TAG_LEN: usize = 32;

#[derive(Clone)]
pub struct Cursors {
    secret: String,
}

impl Cursors {
    pub fn new(secret: String) -> Self {
        Cursors { secret }
    }

    /// A fresh random secret: 32 bytes from the OS, as hex.
    pub fn random_secret() -> Result<String, getrandom::Error> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)?;
        Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }

    fn mac(&self, scope: &str, payload: &[u8]) -> HmacSha256 {
        // HMAC takes a key of any length: this never fails.
        let mut m = HmacSha256::new_from_slice(self.secret.as_bytes())
            .unwrap_or_else(|_| unreachable!("HMAC keys have no length limit"));
        m.update(scope.as_bytes());
        m.update(&[0]);
        m.update(payload);
        m
    }

    pub fn encode(&self, scope: &str, time_ns: i64, id: i64) -> String {
        self.encode_key(scope, &[time_ns, id])
    }

    /// The (time, id) key of a cursor this server issued for `scope`, or `None` for anything else.
    pub fn decode(&self, scope: &str, cursor: &str) -> Option<(i64, i64)> {
        self.decode_key::<2>(scope, cursor).map(|[t, id]| (t, id))
    }

    /// A cursor over a key of several numbers (search pages: tier, time, id).
    pub fn encode_key(&self, scope: &str, key: &[i64]) -> String {
        let mut raw = key.iter().map(i64::to_string).collect::<Vec<_>>().join(".");
        raw.push('.');
        let mut raw = raw.into_bytes();
        let tag = self
            .mac(scope, &raw[..raw.len() - 1])
            .finalize()
            .into_bytes();
        raw.extend_from_slice(&tag);
        URL_SAFE_NO_PAD.encode(raw)
    }

    /// The `N` numbers of a cursor [`Cursors::encode_key`] made for `scope`, or `None` for anything else.
    pub fn decode_key<const N: usize>(&self, scope: &str, cursor: &str) -> Option<[i64; N]> {
        if cursor.len() > 200 {
            return None;
        }
        let raw = URL_SAFE_NO_PAD.decode(cursor).ok()?;
        let (payload, tag) = raw.split_at(raw.len().checked_sub(TAG_LEN + 1)?);
        let tag = tag.strip_prefix(b".")?;
        self.mac(scope, payload).verify_slice(tag).ok()?;
        let parts = std::str::from_utf8(payload)
            .ok()?
            .split('.')
            .map(|p| p.parse().ok())
            .collect::<Option<Vec<i64>>>()?;
        parts.try_into().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_tampering() {
        let c = Cursors::new("secret".into());
        let token = c.encode("channel:a", 1_700_000_000_000_000_000, 42);
        assert_eq!(
            c.decode("channel:a", &token),
            Some((1_700_000_000_000_000_000, 42))
        );
        assert_eq!(c.decode("channel:b", &token), None, "scoped to its list");
        assert_eq!(
            Cursors::new("other".into()).decode("channel:a", &token),
            None
        );
        // Every byte matters: payload, separator and tag.
        let raw = URL_SAFE_NO_PAD.decode(&token).unwrap();
        for i in 0..raw.len() {
            let mut edited = raw.clone();
            edited[i] ^= 1;
            let edited = URL_SAFE_NO_PAD.encode(edited);
            assert_eq!(c.decode("channel:a", &edited), None, "byte {i}");
        }
        let short = URL_SAFE_NO_PAD.encode(&raw[..raw.len() - 1]);
        assert_eq!(c.decode("channel:a", &short), None, "a truncated tag");
        // The old format (16 hex digits of SHA-256(secret ‖ scope ‖ payload)) is refused like any other.
        let old = URL_SAFE_NO_PAD.encode(b"1700000000000000000.41.0123456789abcdef");
        assert_eq!(c.decode("channel:a", &old), None);
        assert_eq!(c.decode("channel:a", "!!!"), None);
        assert_eq!(c.decode("channel:a", ""), None);
        let key = c.encode_key("search:a", &[1, -5, 42]);
        assert_eq!(c.decode_key::<3>("search:a", &key), Some([1, -5, 42]));
        assert_eq!(c.decode_key::<2>("search:a", &key), None, "as many numbers");
        assert_eq!(
            c.decode_key::<3>("search:b", &key),
            None,
            "scoped to its query"
        );
        assert!(key.len() <= 200, "{}", key.len());
    }
}
