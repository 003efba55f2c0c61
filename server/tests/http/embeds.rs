//! Partner embeds: the oEmbed endpoint (answers and every refusal), the widgets' pages, and who may frame
//! what (`frame-ancestors` per route and per `--embed-origins`).

use crate::common::{expect_error, fixture, head_tag, Server};
use difang_server::security::{inline_scripts, script_hash};
use serde_json::Value;

fn oembed(url: &str, extra: &str) -> String {
    format!("{}{extra}", model::paths::oembed(url, None, None))
}

#[tokio::test]
async fn oembed_answers_for_articles_channels_and_widgets() {
    let s = Server::start().await;
    let v: Value = s.get_json(&oembed(&s.url("/a/1"), "")).await;
    assert_eq!(v["type"], "rich");
    assert_eq!(v["version"], "1.0");
    assert_eq!(v["provider_name"], "地方网");
    assert_eq!(v["provider_url"], s.url("/"));
    assert_eq!(v["cache_age"], 86400);
    assert_eq!(
        (v["width"].as_u64(), v["height"].as_u64()),
        (Some(420), Some(600))
    );
    let html = v["html"].as_str().unwrap();
    assert!(
        html.starts_with(&format!(
            "<iframe src=\"{}\"",
            s.url("/embed/comments?article=1")
        )),
        "{html}"
    );
    assert!(
        html.contains("title=\"评论 · ") && html.contains("loading=\"lazy\""),
        "{html}"
    );
    // The widget follows the reader's system (theme auto): so does the iframe's scheme.
    assert!(html.contains("color-scheme:light dark\""), "{html}");
    // The loader comes along to size the iframe; no maxheight, no cap.
    assert!(
        html.ends_with(&format!(
            " data-difang-frame></iframe><script async src=\"{}\"></script>",
            s.url("/embed.js")
        )),
        "{html}"
    );
    assert!(v["title"].as_str().unwrap().starts_with("评论 · "));

    // A channel page gives its latest headlines; a fragment is ignored.
    let v = s.get_json(&oembed(&s.url("/c/ziyang-news#top"), "")).await;
    assert!(v["html"]
        .as_str()
        .unwrap()
        .contains(&s.url("/embed/latest?channel=ziyang-news")));
    assert_eq!(v["height"], 94 + 44 * 6);

    // A widget address keeps its parameters; maxwidth and maxheight bound the size.
    let url = s.url("/embed/hot-ranking?limit=5&theme=dark&lang=en");
    let v = s.get_json(&oembed(&url, "")).await;
    assert_eq!(
        (v["width"].as_u64(), v["height"].as_u64()),
        (Some(420), Some(94 + 44 * 5))
    );
    assert!(v["html"].as_str().unwrap().contains(&format!(
        "src=\"{}\"",
        s.url("/embed/hot-ranking?limit=5&amp;theme=dark&amp;lang=en")
    )));
    assert!(
        v["html"]
            .as_str()
            .unwrap()
            .contains("style=\"border:0;max-width:100%;color-scheme:dark\""),
        "{}",
        v["html"]
    );
    let v = s
        .get_json(&model::paths::oembed(&url, Some(300), Some(200)))
        .await;
    assert_eq!(
        (v["width"].as_u64(), v["height"].as_u64()),
        (Some(300), Some(200))
    );
    assert!(
        v["html"]
            .as_str()
            .unwrap()
            .contains(" data-difang-frame data-difang-max-height=\"200\"></iframe>"),
        "{}",
        v["html"]
    );
    let v = s
        .get_json(&oembed(&url, "&format=json&maxwidth=9999"))
        .await;
    assert_eq!(v["width"], 420);
}

#[tokio::test]
async fn oembed_refuses_bad_parameters_with_400_json() {
    let s = Server::start().await;
    let a1 = s.url("/a/1");
    let enc = model::paths::encode;
    for query in [
        String::new(),
        "?url=".to_owned(),
        "?maxwidth=300".to_owned(),
        format!("?url={}", enc("ftp://example.com/a/1")),
        format!("?url={}", enc("javascript:alert(1)")),
        format!("?url={}", enc("https://elsewhere.example/a/1")),
        format!("?url={}", enc(&format!("{}.evil.example/a/1", s.base))),
        format!("?url={}", enc(&s.url("/"))),
        format!("?url={}", enc(&s.url("/p/ziyang"))),
        format!("?url={}", enc(&s.url("/a/abc"))),
        format!("?url={}", enc(&s.url("/a/1/2"))),
        format!("?url={}", enc(&s.url("/embed/no-such-kind"))),
        format!("?url={}", enc(&s.url("/embed/hot-ranking?limit=0"))),
        format!("?url={}", enc(&s.url("/embed/hot-ranking?theme=pink"))),
        format!("?url={}", enc(&s.url("/embed/latest"))),
        format!("?url={}&maxwidth=0", enc(&a1)),
        format!("?url={}&maxwidth=abc", enc(&a1)),
        format!("?url={}&maxwidth=-5", enc(&a1)),
        format!("?url={}&maxheight=10001", enc(&a1)),
        format!("?url={}&maxheight=1.5", enc(&a1)),
        format!("?url={}&format=xml", enc(&a1)),
        format!("?url={}&url=%ZZ", enc(&a1)),
    ] {
        let path = format!("/api/v1/oembed{query}");
        let res = s.get(&path).await;
        assert_eq!(res.status(), 400, "{path}");
        let err = expect_error(res, 400, "bad_request").await;
        assert!(!err["message"].as_str().unwrap().is_empty(), "{path}");
    }
    // Well-formed addresses of things that do not exist are 404s.
    for url in [s.url("/a/999999"), s.url("/c/no-such-channel")] {
        let res = s.get(&oembed(&url, "")).await;
        expect_error(res, 404, "not_found").await;
    }
}

#[tokio::test]
async fn article_and_channel_pages_link_their_oembed() {
    let s = Server::start().await;
    for page in ["/a/1", "/c/ziyang-news"] {
        let html = s.get(page).await.text().await.unwrap();
        let href = format!("{}{}", s.base, oembed(&s.url(page), "")).replace('&', "&amp;");
        let link = [
            ("rel", "alternate"),
            ("type", "application/json+oembed"),
            ("href", href.as_str()),
        ];
        assert!(head_tag(&html, "link", &link).is_some(), "{page}: {html}");
    }
}

fn frame_ancestors(res: &reqwest::Response) -> String {
    let csp = res.headers()["content-security-policy"].to_str().unwrap();
    csp.split(';')
        .map(str::trim)
        .find_map(|d| d.strip_prefix("frame-ancestors "))
        .unwrap_or_else(|| panic!("no frame-ancestors in {csp}"))
        .to_owned()
}

#[tokio::test]
async fn widgets_are_framable_as_configured_and_nothing_else_is() {
    let embed_html = std::fs::read_to_string(fixture("dist/embed/index.html")).unwrap();
    let embed_hash = script_hash(inline_scripts(&embed_html)[0]);

    // Default: read-only widgets by anyone, the comment widget and every other route by this site.
    let s = Server::start().await;
    for (path, status, ancestors) in [
        ("/embed/hot-ranking", 200, "*"),
        ("/embed/latest?channel=ziyang-news", 200, "*"),
        ("/embed/picture-highlights", 200, "*"),
        ("/embed/no-such-kind", 404, "*"),
        ("/embed/comments?article=1", 200, "'self'"),
        ("/embed", 200, "'self'"),
        ("/", 200, "'self'"),
        ("/a/1", 200, "'self'"),
        ("/api/v1/site", 200, "'self'"),
        ("/difang-1a2b3c4d5e6f7a8b.js", 200, "'self'"),
    ] {
        let res = s.get(path).await;
        assert_eq!(res.status(), status, "{path}");
        assert_eq!(frame_ancestors(&res), ancestors, "{path}");
        let xfo = res
            .headers()
            .get("x-frame-options")
            .map(|v| v.to_str().unwrap().to_owned());
        let csp = res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(csp.contains(&format!("'{embed_hash}'")), "{path}: {csp}");
        // The old frame guard cannot name other origins: none on the widgets.
        if path.starts_with("/embed/") {
            assert_eq!(xfo, None, "{path}");
        } else {
            assert_eq!(xfo.as_deref(), Some("SAMEORIGIN"), "{path}");
        }
        if path.starts_with("/embed") {
            // Read-only widgets are drawn here; the comment widget and the partners' page are the wasm's.
            let drawn = [
                "/embed/hot-ranking",
                "/embed/latest",
                "/embed/picture-highlights",
                "/embed/no-such-kind",
            ]
            .iter()
            .any(|p| path.starts_with(p));
            let shell = if drawn { "widget" } else { "embed" };
            let body = res.text().await.unwrap();
            assert!(
                body.contains(&format!("data-fixture=\"{shell}\"")),
                "{path}: the {shell} page"
            );
        }
    }

    // Listed origins: every widget by this site and them only.
    let s = Server::start_with(|c| {
        c.embed_origins = vec![
            "https://partner.example".to_owned(),
            "http://127.0.0.1:8081".to_owned(),
        ]
    })
    .await;
    let listed = "'self' https://partner.example http://127.0.0.1:8081";
    for (path, ancestors) in [
        ("/embed/hot-ranking", listed),
        ("/embed/comments?article=1", listed),
        ("/embed", "'self'"),
        ("/a/1", "'self'"),
    ] {
        let res = s.get(path).await;
        assert_eq!(frame_ancestors(&res), ancestors, "{path}");
    }
}

/// The `<li>`s of the first `<ol class="ranking">` in `html`.
fn ranking_rows(html: &str) -> usize {
    let start = html.find("<ol class=\"ranking\">").expect("a ranking list");
    let end = start + html[start..].find("</ol>").unwrap();
    html[start..end].matches("<li").count()
}

#[tokio::test]
async fn read_only_widgets_are_drawn_here_with_no_wasm() {
    let s = Server::start().await;
    let res = s
        .get("/embed/hot-ranking?channel=ziyang-news&limit=2&lang=en")
        .await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("data-fixture=\"widget\""), "{html}");
    assert!(html.contains("<html lang=\"en\""), "{html}");
    assert!(
        html.contains("<title>Hot ranking · Difang</title>"),
        "{html}"
    );
    assert!(html.contains("<main data-kind=\"hot-ranking\""), "{html}");
    assert_eq!(ranking_rows(&html), 2, "{html}");
    assert!(html.contains("<a href=\"/a/"), "{html}");
    // Nothing to run but frame.js: no wasm, no module, no inlined answers.
    for absent in [
        ".wasm",
        "type=\"module\"",
        "difang-answers",
        "data-fixture=\"embed\"",
    ] {
        assert!(!html.contains(absent), "{absent} in {html}");
    }
    // The widget sits in the body, after the head's comments.
    let body = html.find("<body").unwrap();
    assert!(html.find("<main").unwrap() > body, "{html}");

    // Set up wrongly: the error box, drawn here too (an unknown channel is only known from the site).
    for (path, status, says) in [
        (
            "/embed/latest?channel=no-such-channel",
            200,
            "no-such-channel",
        ),
        ("/embed/hot-ranking?limit=0", 200, "limit"),
        ("/embed/no-such-kind", 404, "no-such-kind"),
    ] {
        let res = s.get(path).await;
        assert_eq!(res.status(), status, "{path}");
        let html = res.text().await.unwrap();
        assert!(
            html.contains("data-testid=\"embed-error\""),
            "{path}: {html}"
        );
        assert!(html.contains(says), "{path}: {html}");
        assert!(html.contains("data-fixture=\"widget\""), "{path}: {html}");
    }

    // The comment widget posts: the wasm draws it. So it does every widget with first screens off.
    let html = s
        .get("/embed/comments?article=1")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("data-fixture=\"embed\""), "{html}");
    let s = Server::start_with(|c| c.first_screen = false).await;
    let html = s.get("/embed/hot-ranking").await.text().await.unwrap();
    assert!(html.contains("data-fixture=\"embed\""), "{html}");
}
