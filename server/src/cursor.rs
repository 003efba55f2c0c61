//! Opaque pagination cursors: the last item's (time, id) key, signed so a forged or edited cursor is refused.
//!
//! A cursor is base64url(`{time_ns}.{id}.{mac}`) where `mac` is the first 16 hex digits of
//! SHA-256(secret ‖ scope ‖ payload). The scope names the list (a channel, or an article's thread with its
//! parent and order), so a cursor from one list cannot be replayed on another. Keyset cursors stay valid
//! when newer items are inserted, unlike offsets.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

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

    fn mac(&self, scope: &str, payload: &str) -> String {
        let mut h = Sha256::new();
        h.update(self.secret.as_bytes());
        h.update([0]);
        h.update(scope.as_bytes());
        h.update([0]);
        h.update(payload.as_bytes());
        h.finalize()
            .iter()
            .take(8)
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    pub fn encode(&self, scope: &str, time_ns: i64, id: i64) -> String {
        let payload = format!("{time_ns}.{id}");
        let mac = self.mac(scope, &payload);
        b64_encode(format!("{payload}.{mac}").as_bytes())
    }

    /// The (time, id) key of a cursor this server issued for `scope`, or `None` for anything else.
    pub fn decode(&self, scope: &str, cursor: &str) -> Option<(i64, i64)> {
        if cursor.len() > 200 {
            return None;
        }
        let raw = String::from_utf8(b64_decode(cursor)?).ok()?;
        let (payload, mac) = raw.rsplit_once('.')?;
        if mac != self.mac(scope, payload) {
            return None;
        }
        let (t, id) = payload.split_once('.')?;
        Some((t.parse().ok()?, id.parse().ok()?))
    }
}

impl Cursors {
    /// A cursor over a key of several numbers (search pages: tier, time, id), signed like the others.
    pub fn encode_key(&self, scope: &str, key: &[i64]) -> String {
        let payload = key.iter().map(i64::to_string).collect::<Vec<_>>().join(".");
        let mac = self.mac(scope, &payload);
        b64_encode(format!("{payload}.{mac}").as_bytes())
    }

    /// The `N` numbers of a cursor [`Cursors::encode_key`] made for `scope`, or `None` for anything else.
    pub fn decode_key<const N: usize>(&self, scope: &str, cursor: &str) -> Option<[i64; N]> {
        if cursor.len() > 200 {
            return None;
        }
        let raw = String::from_utf8(b64_decode(cursor)?).ok()?;
        let (payload, mac) = raw.rsplit_once('.')?;
        if mac != self.mac(scope, payload) {
            return None;
        }
        let parts = payload
            .split('.')
            .map(|p| p.parse().ok())
            .collect::<Option<Vec<i64>>>()?;
        parts.try_into().ok()
    }
}

fn b64_encode(data: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(data)
}

fn b64_decode(s: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(s).ok()
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
        let forged = b64_encode(b"1700000000000000000.41.0000000000000000");
        assert_eq!(c.decode("channel:a", &forged), None);
        assert_eq!(c.decode("channel:a", "!!!"), None);
        let key = c.encode_key("search:a", &[1, -5, 42]);
        assert_eq!(c.decode_key::<3>("search:a", &key), Some([1, -5, 42]));
        assert_eq!(c.decode_key::<2>("search:a", &key), None, "as many numbers");
        assert_eq!(
            c.decode_key::<3>("search:b", &key),
            None,
            "scoped to its query"
        );
        for n in 0..6 {
            let data: Vec<u8> = (0..n).collect();
            assert_eq!(b64_decode(&b64_encode(&data)).unwrap(), data);
        }
    }
}
