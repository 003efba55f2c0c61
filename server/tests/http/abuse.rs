//! Bad input in bulk and odd paths: 10,000 malformed requests and raw garbage never get a 5xx; static
//! files answer 404 for names the file system refuses; `/media` redirects keep their prefix.

use crate::common::Server;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A small deterministic generator (xorshift64*), so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    /// A path segment or query value: odd numbers, traversal, NUL and invalid UTF-8, long runs, junk.
    fn junk(&mut self) -> String {
        match self.below(8) {
            0 => self
                .pick(&[
                    "0",
                    "-1",
                    "1.5",
                    "1e3",
                    "99999999999999999999999",
                    "",
                    "%20",
                    "+",
                    "1%00",
                ])
                .to_owned(),
            1 => self
                .pick(&[
                    "..",
                    "%2e%2e",
                    "..%2f..%2fetc",
                    "%00",
                    "%ff%fe",
                    "%c0%af",
                    "%",
                    "%zz",
                ])
                .to_owned(),
            2 => "a".repeat(200 + self.below(400)),
            3 => "%E4%B8%AD".repeat(1 + self.below(120)),
            4 => self
                .pick(&[
                    "related",
                    "hot-ranking,hot-ranking",
                    "24h",
                    "oldest",
                    "ziyang-news",
                ])
                .to_owned(),
            _ => (0..1 + self.below(40))
                .map(|_| format!("%{:02X}", self.next() as u8))
                .collect(),
        }
    }
}

fn request(rng: &mut Rng, base: &str) -> (reqwest::Method, String, Vec<(String, String)>, Vec<u8>) {
    let method = rng.pick(&[
        "GET", "GET", "POST", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH",
    ]);
    let which = rng.below(12);
    let mut j = || rng.junk();
    let path = match which {
        0 => format!("/api/v1/articles/{}", j()),
        1 => format!(
            "/api/v1/articles/{}/comments?parent={}&order={}&cursor={}",
            j(),
            j(),
            j(),
            j()
        ),
        2 => format!("/api/v1/articles/1/comments?limit={}&cursor={}", j(), j()),
        3 => format!("/api/v1/comments/{}/report", j()),
        4 => format!(
            "/api/v1/widgets?kinds={}&limit={}&window={}&article={}",
            j(),
            j(),
            j(),
            j()
        ),
        5 => format!("/api/v1/widgets/{}?article={}&window={}", j(), j(), j()),
        6 => format!(
            "/api/v1/channels/{}/articles?cursor={}&limit={}",
            j(),
            j(),
            j()
        ),
        7 => format!("/media/{}", j()),
        8 => format!("/a/{}", j()),
        9 => format!("/{}/{}", j(), j()),
        10 => format!("/api/v1/articles/1/related?limit={}", j()),
        _ => format!("/api/{}", j()),
    };
    let mut headers = Vec::new();
    if rng.below(2) == 0 {
        let ct = rng.pick(&[
            "application/json",
            "application/json; charset=utf-8",
            "text/plain",
            "application/x-www-form-urlencoded",
            "application/problem+json",
            "garbage",
        ]);
        headers.push(("content-type".to_owned(), ct.to_owned()));
    }
    if rng.below(2) == 0 {
        let key = rng
            .pick(&["abcdefgh1234", "short", "bad key!", "k", &"x".repeat(101)])
            .to_owned();
        headers.push(("idempotency-key".to_owned(), key));
    }
    if rng.below(4) == 0 {
        let v = rng
            .pick(&["*", "\"x\"", "W/\"y\", \"z\"", "garbage"])
            .to_owned();
        headers.push(("if-none-match".to_owned(), v));
    }
    if rng.below(4) == 0 {
        let v = rng
            .pick(&["1.2.3.4", "::1, junk", "", "999.1.1.1"])
            .to_owned();
        headers.push(("x-forwarded-for".to_owned(), v));
    }
    let body: Vec<u8> = match rng.below(7) {
        0 => Vec::new(),
        1 => b"{".to_vec(),
        2 => br#"{"author": 5, "text": null}"#.to_vec(),
        3 => br#"{"author": "", "text": "", "parent_id": -1}"#.to_vec(),
        4 => (0..rng.below(64)).map(|_| rng.next() as u8).collect(),
        5 => vec![b'['; 20_000],
        _ => br#"{"reason": 7}"#.to_vec(),
    };
    (
        method.parse().unwrap(),
        format!("{base}{path}"),
        headers,
        body,
    )
}

#[tokio::test]
async fn ten_thousand_malformed_requests_get_no_5xx() {
    let s = Server::start().await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let workers = 16;
    let per_worker = 10_000 / workers;
    let mut tasks = tokio::task::JoinSet::new();
    for w in 0..workers {
        let client = client.clone();
        let base = s.base.clone();
        tasks.spawn(async move {
            let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (w as u64 + 1));
            let mut bad = Vec::new();
            for _ in 0..per_worker {
                let (method, url, headers, body) = request(&mut rng, &base);
                let mut req = client.request(method.clone(), &url).body(body);
                for (k, v) in headers {
                    req = req.header(k, v);
                }
                let res = req
                    .send()
                    .await
                    .unwrap_or_else(|e| panic!("{method} {url}: {e}"));
                if res.status().is_server_error() {
                    bad.push(format!("{method} {url} → {}", res.status()));
                }
            }
            bad
        });
    }
    let all = tokio::time::timeout(Duration::from_secs(90), tasks.join_all())
        .await
        .expect("10,000 requests within 90 s");
    let bad: Vec<String> = all.into_iter().flatten().collect();
    assert_eq!(bad, Vec::<String>::new(), "{} answers were 5xx", bad.len());
}

/// Sends raw bytes and returns what came back until the server closed (at most 5 s).
async fn raw(base: &str, bytes: &[u8]) -> String {
    let mut sock = TcpStream::connect(base.trim_start_matches("http://"))
        .await
        .unwrap();
    // The server may close before everything is written (e.g. at an oversized head): that is an answer.
    let _ = sock.write_all(bytes).await;
    let mut out = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), sock.read_to_end(&mut out)).await;
    assert!(
        read.is_ok(),
        "connection still open after 5 s for {:?}",
        String::from_utf8_lossy(&bytes[..bytes.len().min(60)])
    );
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn raw_garbage_gets_no_5xx_and_the_connection_closes() {
    let s = Server::start_with(|c| c.header_timeout = Duration::from_secs(1)).await;
    let long_header = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "a".repeat(500_000)
    );
    let long_path = format!(
        "GET /{} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "b".repeat(70_000)
    );
    let cases: Vec<Vec<u8>> = vec![
        b"GARBAGE\r\n\r\n".to_vec(),
        b"GET /\x01\x02 HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
        b"GET / HTTP/9.9\r\n\r\n".to_vec(),
        b"POST /api/v1/comments/1/report HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n".to_vec(),
        b"POST /api/v1/comments/1/report HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n".to_vec(),
        b"GET /%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
        b"GET /api/v1/articles/1 HTTP/1.1\r\nHost: \xff\xfe\r\nConnection: close\r\n\r\n".to_vec(),
        long_header.into_bytes(),
        long_path.into_bytes(),
        vec![0u8; 4096],
    ];
    for case in cases {
        let answer = raw(&s.base, &case).await;
        let status = answer.split(' ').nth(1).unwrap_or("");
        // A Host header that is not UTF-8 still reads the article (200): the rule is "never a 5xx".
        assert!(
            answer.is_empty() || status.starts_with('4') || status.starts_with('2'),
            "{:?} → {:?}",
            String::from_utf8_lossy(&case[..case.len().min(60)]),
            &answer[..answer.len().min(200)]
        );
    }
}

#[tokio::test]
async fn static_paths_answer_404_for_names_the_file_system_refuses() {
    let s = Server::start().await;
    let long = "a".repeat(300);
    for path in [
        "/%00".to_owned(),
        "/x%00y.js".to_owned(),
        format!("/{long}"),
        format!("/{long}.js"),
        format!("/assets/{long}/x.css"),
        "/media/%00".to_owned(),
        format!("/media/{long}"),
        format!("/media/sub/{long}.svg"),
        "/media/a.svg/inside".to_owned(),
    ] {
        for method in [reqwest::Method::GET, reqwest::Method::HEAD] {
            let res = s
                .client
                .request(method.clone(), s.url(&path))
                .send()
                .await
                .unwrap();
            assert_eq!(
                res.status(),
                404,
                "{method} {}",
                &path[..path.len().min(40)]
            );
        }
    }
}

#[tokio::test]
async fn media_redirects_keep_their_prefix() {
    let s = Server::start().await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = client.get(s.url("/media/sub")).send().await.unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    assert_eq!(res.headers()["location"], "/media/sub/");
    assert_eq!(s.get("/media/sub/b.svg").await.status(), 200);
}
