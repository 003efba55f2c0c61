//! The app shell: static files and cache headers, SPA fallback statuses, crawler meta and its escaping.

use crate::common::{head_tag, Server};

#[tokio::test]
async fn healthz_and_media() {
    let s = Server::start().await;
    let res = s.get("/healthz").await;
    assert_eq!(res.status(), 200);
    let health: serde_json::Value = res.json().await.unwrap();
    assert_eq!(health["status"], "ok");
    let store = if crate::common::postgres().is_some() {
        "postgres"
    } else {
        "sqlite"
    };
    assert_eq!(health["store"], store);
    assert_eq!(
        health["content_version"], 1,
        "the demo import is the first content change"
    );
    assert_eq!(
        health["wordpress"],
        serde_json::Value::Null,
        "no sync without --wordpress"
    );
    let svg = s.get("/media/a.svg").await;
    assert_eq!(svg.status(), 200);
    assert_eq!(svg.headers()["content-type"], "image/svg+xml");
    assert_eq!(s.get("/media/missing.svg").await.status(), 404);
    assert_eq!(s.get("/media/../site.json").await.status(), 404);
}

#[tokio::test]
async fn static_cache_headers() {
    let s = Server::start().await;
    for path in [
        "/difang-1a2b3c4d5e6f7a8b_bg.wasm",
        "/difang-1a2b3c4d5e6f7a8b.js",
        "/style-0123456789abcdef.css",
    ] {
        let res = s.get(path).await;
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(
            res.headers()["cache-control"],
            "public, max-age=31536000, immutable",
            "{path}"
        );
    }
    for path in ["/sw.js", "/index.html"] {
        let res = s.get(path).await;
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(res.headers()["cache-control"], "no-cache", "{path}");
    }
    // A drawn page: browsers revalidate, shared caches keep it until purged.
    let res = s.get("/").await;
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=0, s-maxage=300, stale-while-revalidate=60, stale-if-error=86400"
    );
    // A precompressed sibling is sent as it is to a client that accepts it.
    let br = s
        .client
        .get(s.url("/difang-1a2b3c4d5e6f7a8b.js"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(br.headers()["content-encoding"], "br");
    assert_eq!(
        br.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(br.bytes().await.unwrap().as_ref(), b"BR-BYTES");
    let plain = s.get("/difang-1a2b3c4d5e6f7a8b.js").await;
    assert!(plain.headers().get("content-encoding").is_none());
    assert!(plain.text().await.unwrap().contains("export default"));
    let wasm = s.get("/difang-1a2b3c4d5e6f7a8b_bg.wasm").await;
    assert_eq!(wasm.headers()["content-type"], "application/wasm");
}

/// The install manifest is sent as `application/manifest+json` (Chromium reads it either way; the
/// standard names this type), revalidated each time like index.html and sw.js.
#[tokio::test]
async fn manifest_content_type() {
    let s = Server::start().await;
    let res = s.get("/manifest.webmanifest").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/manifest+json");
    assert_eq!(res.headers()["cache-control"], "no-cache");
    let m: serde_json::Value = res.json().await.unwrap();
    assert_eq!(m["start_url"], "/?source=pwa");
    let sw = s.get("/sw.js").await;
    assert!(sw.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
}

#[tokio::test]
async fn spa_fallback_statuses() {
    let s = Server::start().await;
    let cases = [
        ("/", 200),
        ("/c/ziyang-news", 200),
        ("/a/1", 200),
        ("/p/sichuan", 200),
        ("/p/ziyang", 200),
        ("/search", 200),
        ("/saved", 200),
        ("/c/nope", 404),
        ("/a/999", 404),
        ("/a/abc", 404),
        ("/p/nope", 404),
        ("/nope", 404),
        ("/a/1/extra", 404),
        ("/difang-0000000000000000.js", 404),
    ];
    for (path, status) in cases {
        let res = s.get(path).await;
        assert_eq!(res.status(), status, "{path}");
        assert_eq!(
            res.headers()["content-type"],
            "text/html; charset=utf-8",
            "{path}"
        );
        assert!(res.text().await.unwrap().contains("<html"), "{path}");
    }
}

/// Every page names the build of the index.html it was made from (the service worker keeps only its own
/// build's pages); files and API answers do not.
#[tokio::test]
async fn pages_name_their_build() {
    use sha2::{Digest, Sha256};
    let s = Server::start().await;
    let index = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dist/index.html"),
    )
    .unwrap();
    let expected: String = Sha256::digest(&index)[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    for path in [
        "/",
        "/c/ziyang-news",
        "/a/1",
        "/p/sichuan",
        "/saved",
        "/nope",
    ] {
        let res = s.get(path).await;
        assert_eq!(res.headers()["x-difang-build"], expected.as_str(), "{path}");
    }
    for path in [
        "/api/v1/site",
        "/api/v1/articles/1",
        "/difang-1a2b3c4d5e6f7a8b.js",
        "/sw.js",
    ] {
        let res = s.get(path).await;
        assert!(res.headers().get("x-difang-build").is_none(), "{path}");
    }
}

#[tokio::test]
async fn not_built_is_503() {
    let empty = tempfile::tempdir().unwrap();
    let dist = empty.path().to_owned();
    let s = Server::start_with(|c| c.dist_dir = dist).await;
    let res = s.get("/a/1").await;
    assert_eq!(res.status(), 503);
    assert!(res.text().await.unwrap().contains("not built"));
    assert_eq!(s.get("/api/v1/site").await.status(), 200);
}

fn ld_json(html: &str) -> serde_json::Value {
    let start = html
        .find("<script type=\"application/ld+json\" data-ssr-meta>")
        .expect("JSON-LD")
        + "<script type=\"application/ld+json\" data-ssr-meta>".len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

#[tokio::test]
async fn article_meta_is_injected() {
    let s = Server::start_with(|c| c.public_url = Some("http://news.example:8080".into())).await;
    let html = s
        .client
        .get(s.url("/a/1"))
        .header("host", "other.example")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        html.matches("<title").count(),
        1,
        "the shell's own title is replaced"
    );
    assert!(html.contains("<title>坚决打好文明城市创建总体仗 - 地方网</title>"));
    for (tag, attrs) in [
        (
            "meta",
            [
                ("name", "description"),
                ("content", "坚决打好文明城市创建总体仗的摘要。"),
            ],
        ),
        (
            "link",
            [
                ("rel", "canonical"),
                ("href", "http://news.example:8080/a/1"),
            ],
        ),
        ("meta", [("property", "og:type"), ("content", "article")]),
        (
            "meta",
            [
                ("property", "og:url"),
                ("content", "http://news.example:8080/a/1"),
            ],
        ),
        (
            "meta",
            [("property", "og:site_name"), ("content", "地方网")],
        ),
        ("meta", [("name", "twitter:card"), ("content", "summary")]),
        (
            "meta",
            [
                ("property", "article:published_time"),
                ("content", "2017-06-16T07:32:00+08:00"),
            ],
        ),
        (
            "meta",
            [
                ("property", "og:title"),
                ("content", "坚决打好文明城市创建总体仗 - 地方网"),
            ],
        ),
    ] {
        assert!(
            head_tag(&html, tag, &attrs).is_some(),
            "missing {tag} {attrs:?}\n{html}"
        );
    }
    assert_eq!(html.matches("rel=\"canonical\"").count(), 1);
    let ld = ld_json(&html);
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["headline"], "坚决打好文明城市创建总体仗");
    assert_eq!(ld["datePublished"], "2017-06-16T07:32:00+08:00");
    assert_eq!(ld["publisher"]["name"], "地方网");
    assert_eq!(ld["mainEntityOfPage"], "http://news.example:8080/a/1");
}

#[tokio::test]
async fn image_public_url_and_bad_host() {
    let s = Server::start_with(|c| c.public_url = Some("https://difang.example/".into())).await;
    let html = s.get("/a/3").await.text().await.unwrap();
    let image = [
        ("property", "og:image"),
        ("content", "https://difang.example/media/a.svg"),
    ];
    assert!(head_tag(&html, "meta", &image).is_some(), "{html}");
    let canonical = [("rel", "canonical"), ("href", "https://difang.example/a/3")];
    assert!(head_tag(&html, "link", &canonical).is_some(), "{html}");
    let card = [("name", "twitter:card"), ("content", "summary_large_image")];
    assert!(head_tag(&html, "meta", &card).is_some(), "{html}");
    assert_eq!(
        ld_json(&html)["image"][0],
        "https://difang.example/media/a.svg"
    );
    let external = s.get("/a/4").await.text().await.unwrap();
    assert!(external.contains(r#"content="https://img.example.com/lemon.jpg""#));

    // Without --public-url the bound address: a Host header, hostile or plain, is never used.
    let s = Server::start().await;
    for host in ["evil.example/\"><b>", "evil.example"] {
        let html = s
            .client
            .get(s.url("/a/1"))
            .header("host", host)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!html.contains("evil"), "{host}");
        assert!(
            html.contains(&format!(r#"href="{}/a/1""#, s.base)),
            "{host}"
        );
    }
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let s = Server::start().await;
    // The fixture's index.html has one inline module script: its hash is the only inline one allowed.
    let index = std::fs::read_to_string(crate::common::fixture("dist/index.html")).unwrap();
    let hash =
        difang_server::security::script_hash(difang_server::security::inline_scripts(&index)[0]);
    for path in [
        "/",
        "/a/1",
        "/a/999999",
        "/no/such/page",
        "/api/v1/site",
        "/api/v1/articles/999999",
        "/difang-1a2b3c4d5e6f7a8b.js",
        "/healthz",
    ] {
        let res = s.get(path).await;
        let h = res.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.starts_with("script-src 'self' 'wasm-unsafe-eval'"),
            "{path}: {csp}"
        );
        assert!(csp.contains(&format!("'{hash}'")), "{path}: {csp}");
        for part in [
            "object-src 'none'",
            "base-uri 'self'",
            "frame-ancestors 'self'",
            "connect-src 'self'",
        ] {
            assert!(csp.contains(part), "{path}: {csp}");
        }
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(
            h["referrer-policy"], "strict-origin-when-cross-origin",
            "{path}"
        );
        assert!(
            h.get("strict-transport-security").is_none(),
            "{path}: http only"
        );
    }
    // Media (SVG can carry script) is sandboxed.
    let svg = s.get("/media/a.svg").await;
    let csp = svg.headers()["content-security-policy"].to_str().unwrap();
    assert!(csp.starts_with("sandbox"), "{csp}");
    assert!(csp.contains("default-src 'none'"), "{csp}");
    // HSTS when the public URL is https.
    let s = Server::start_with(|c| c.public_url = Some("https://difang.example".into())).await;
    let res = s.get("/").await;
    assert!(res.headers()["strict-transport-security"]
        .to_str()
        .unwrap()
        .starts_with("max-age="));
}

#[tokio::test]
async fn hostile_title_cannot_break_out() {
    let s = Server::start().await;
    let title = "</script><script>alert(1)</script> \"引号\" & 'x'";
    let html = s.get("/a/7").await.text().await.unwrap();
    assert!(!html.contains("<script>alert(1)"), "{html}");
    // In attributes quotes are escaped (the head's tags); text content may keep them.
    let head = &html[..html.find("</head>").unwrap()];
    assert!(!head.contains("\"引号\""));
    assert_eq!(
        html.matches("</script>").count(),
        3,
        "the shell's module script, the JSON-LD and the first screen's answers only"
    );
    // The title too: leptos_meta writes it unescaped (docs/upstream/leptos-meta-title-escaping.md).
    assert!(html.contains(
        "<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &quot;引号&quot; &amp; &#x27;x&#x27; - 地方网</title>"
    ), "{head}");
    assert_eq!(ld_json(&html)["headline"], title);
}

#[tokio::test]
async fn home_and_channel_meta() {
    let s = Server::start().await;
    let home = s.get("/").await.text().await.unwrap();
    assert!(home.contains("<title>地方网</title>"));
    let description = [("name", "description"), ("content", "测试用的地方网。")];
    assert!(head_tag(&home, "meta", &description).is_some(), "{home}");
    let website = [("property", "og:type"), ("content", "website")];
    assert!(head_tag(&home, "meta", &website).is_some(), "{home}");
    assert!(!home.contains("application/ld+json"));
    let channel = s.get("/c/ziyang-news").await.text().await.unwrap();
    assert!(
        channel.contains("<title>资阳新闻 - 地方网</title>"),
        "{channel}"
    );
    let tagline = [
        ("name", "description"),
        ("content", "资阳新闻,讲述家乡的故事。"),
    ];
    assert!(head_tag(&channel, "meta", &tagline).is_some(), "{channel}");
    // A page that is not there has a title and asks not to be indexed; it has no address to name.
    let unknown = s.get("/c/nope").await.text().await.unwrap();
    let noindex = [("name", "robots"), ("content", "noindex")];
    assert!(head_tag(&unknown, "meta", &noindex).is_some(), "{unknown}");
    assert!(!unknown.contains("canonical"), "{unknown}");
}
