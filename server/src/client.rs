//! Who a request comes from: the peer, or the X-Forwarded-For client when the peer is a trusted proxy;
//! and the cookies it sends.
//!
//! Rate limits and "once per reader" rules key on a `Reader`: an IPv4 address, or an IPv6 /64 (one
//! household or phone gets a whole /64, so a /128 per bucket would give every reader endless buckets).

use crate::State;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use ipnet::IpNet;
use std::convert::Infallible;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};

/// The bucket a client falls into: IPv4 as it is, IPv6 masked to its /64.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Reader(pub IpAddr);

impl Reader {
    pub fn of(ip: IpAddr) -> Reader {
        match ip {
            IpAddr::V4(_) => Reader(ip),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => Reader(IpAddr::V4(v4)),
                None => {
                    let masked = u128::from(v6) & (u128::MAX << 64);
                    Reader(IpAddr::V6(Ipv6Addr::from(masked)))
                }
            },
        }
    }
}

impl std::fmt::Display for Reader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            IpAddr::V4(a) => write!(f, "{a}"),
            IpAddr::V6(a) => write!(f, "{a}/64"),
        }
    }
}

/// True if `ip` is one of the trusted proxies (an IPv4 peer seen through a dual-stack socket too).
pub fn trusted(ip: IpAddr, proxies: &[IpNet]) -> bool {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    };
    proxies.iter().any(|n| n.contains(&ip))
}

/// The client's address. Only a trusted peer's X-Forwarded-For is believed, and in it only the entries
/// appended by trusted proxies: walking from the right, the first address that is not a trusted proxy is
/// the client (anything left of it was written by the client and may be forged). An unreadable header
/// leaves the last trusted hop as the client.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, proxies: &[IpNet]) -> IpAddr {
    if !trusted(peer, proxies) {
        return peer;
    }
    let mut client = peer;
    let hops = headers
        .get_all("x-forwarded-for")
        .iter()
        .flat_map(|v| v.to_str().unwrap_or("").split(','))
        .map(str::trim)
        .collect::<Vec<_>>();
    for hop in hops.into_iter().rev() {
        match hop.parse::<IpAddr>() {
            Ok(ip) => {
                client = ip;
                if !trusted(ip, proxies) {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    client
}

/// Extracts the request's `Reader` (needs the connection's `ConnectInfo<SocketAddr>`).
pub struct Client(pub Reader);

impl FromRequestParts<State> for Client {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &State) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::from([0, 0, 0, 0]), |c| c.0.ip());
        let ip = client_ip(peer, &parts.headers, &state.config.trusted_proxies);
        Ok(Client(Reader::of(ip)))
    }
}

/// Requests in flight per client.
#[derive(Default)]
pub struct InFlight(std::sync::Mutex<std::collections::HashMap<Reader, usize>>);

impl InFlight {
    fn enter(&self, r: Reader, cap: usize) -> bool {
        let mut m = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let n = m.entry(r).or_default();
        if *n >= cap {
            return false;
        }
        *n += 1;
        true
    }

    fn leave(&self, r: Reader) {
        let mut m = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = m.get_mut(&r) {
            *n -= 1;
            if *n == 0 {
                m.remove(&r);
            }
        }
    }
}

/// Leaves the count when the request is done (or dropped).
struct Entered<'a>(&'a InFlight, Reader);

impl Drop for Entered<'_> {
    fn drop(&mut self) {
        self.0.leave(self.1);
    }
}

/// Middleware: a client (the proxy-aware key of the rate limits) with `max_client_requests` requests in
/// flight gets 429 for more at once, so one client cannot take the server's time from everyone else.
pub async fn per_client(
    axum::extract::State(s): axum::extract::State<State>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::from([0, 0, 0, 0]), |c| c.0.ip());
    let reader = Reader::of(client_ip(peer, req.headers(), &s.config.trusted_proxies));
    if !s
        .in_flight
        .enter(reader, s.config.max_client_requests.max(1))
    {
        let mut e = model::ApiError::new(
            model::ErrorCode::RateLimited,
            "同时发出的请求太多,请稍后再试 (too many requests at once; retry in 1 s)",
        );
        e.error.retry_after = Some(1);
        return crate::error::api_error_response(&e);
    }
    let _entered = Entered(&s.in_flight, reader);
    next.run(req).await
}

/// The value of the cookie `name` in the request, if sent.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn xff(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarded_for_only_from_trusted_peers() {
        let proxies: Vec<IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        let h = xff("198.51.100.1, 203.0.113.9, 10.1.1.1");
        assert_eq!(client_ip(ip("10.0.0.1"), &h, &proxies), ip("203.0.113.9"));
        assert_eq!(client_ip(ip("192.0.2.1"), &h, &proxies), ip("192.0.2.1"));
        assert_eq!(
            client_ip(ip("10.0.0.1"), &HeaderMap::new(), &proxies),
            ip("10.0.0.1")
        );
        assert_eq!(
            client_ip(ip("10.0.0.1"), &xff("nonsense"), &proxies),
            ip("10.0.0.1")
        );
        assert_eq!(
            client_ip(ip("10.0.0.1"), &xff("10.2.2.2"), &proxies),
            ip("10.2.2.2")
        );
        assert_eq!(
            client_ip(ip("::ffff:10.0.0.1"), &h, &proxies),
            ip("203.0.113.9"),
            "an IPv4 peer seen through a dual-stack socket"
        );
    }

    #[test]
    fn ipv6_readers_are_their_64() {
        assert_eq!(
            Reader::of(ip("2001:db8:1:2:aaaa::1")),
            Reader(ip("2001:db8:1:2::"))
        );
        assert_eq!(
            Reader::of(ip("2001:db8:1:2::1")),
            Reader::of(ip("2001:db8:1:2:ffff:ffff:ffff:ffff"))
        );
        assert_ne!(
            Reader::of(ip("2001:db8:1:2::1")),
            Reader::of(ip("2001:db8:1:3::1"))
        );
        assert_eq!(Reader::of(ip("::ffff:192.0.2.7")), Reader(ip("192.0.2.7")));
        assert_eq!(Reader::of(ip("192.0.2.7")).to_string(), "192.0.2.7");
        assert_eq!(Reader::of(ip("2001:db8::1")).to_string(), "2001:db8::/64");
    }
}
