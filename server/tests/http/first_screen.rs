//! The first screen: every route's page arrives with the app's own markup for its content (readable
//! without JavaScript) and the API answers it was drawn from, inlined safely for the app to start from.

use crate::common::{head_tag, Server};
use serde_json::Value;

/// The markup inside `<div id="app">` and the inlined answers, parsed.
fn split(html: &str) -> (String, Value) {
    let start = html.find(r#"<div id="app">"#).expect("the app's container") + 14;
    let answers_at = html
        .find(r#"<script type="application/json" id="difang-answers">"#)
        .expect("the inlined answers");
    let app = html[start..answers_at]
        .strip_suffix("</div>")
        .expect("the container closes before the answers")
        .to_owned();
    let json_start = answers_at + html[answers_at..].find('>').unwrap() + 1;
    let json_end = json_start + html[json_start..].find("</script>").unwrap();
    let answers = serde_json::from_str(&html[json_start..json_end]).expect("answers parse as JSON");
    (app, answers)
}

/// Text without tags, whitespace folded.
fn text(markup: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in markup.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

async fn page(s: &Server, path: &str) -> (u16, String, Value) {
    let res = s.get(path).await;
    let status = res.status().as_u16();
    let (app, answers) = split(&res.text().await.unwrap());
    (status, app, answers)
}

#[tokio::test]
async fn the_article_arrives_drawn_with_its_answers() {
    let s = Server::start().await;
    let article = s.get_json("/api/v1/articles/1").await;
    let (status, app, answers) = page(&s, "/a/1").await;
    assert_eq!(status, 200);
    // Header with the channel bar of the article's city, its channel marked; breadcrumb; the article.
    assert!(app.contains(r#"class="site-header""#), "{app}");
    assert!(
        app.contains(r#"<a href="/c/ziyang-news" class="current">资阳新闻</a>"#),
        "{app}"
    );
    let title = article["title"].as_str().unwrap();
    assert!(app.contains(&format!(
        r#"<h1 data-testid="article-title" elementtiming="headline" class="article-title">{title}</h1>"#
    )));
    let shown = text(&app);
    let crumbs = shown.find("资阳市").expect("breadcrumb");
    assert!(
        crumbs < shown.find(title).unwrap(),
        "breadcrumb before the title"
    );
    // Every paragraph of the body, in order.
    let mut at = 0;
    for block in article["body"].as_array().unwrap() {
        if let Some(t) = block["text"].as_str() {
            let found = shown[at..]
                .find(t)
                .unwrap_or_else(|| panic!("body text {t:?}"));
            at += found + t.len();
        }
    }
    // The answers are the API's own bodies for the URLs the app asks for.
    assert_eq!(answers["answers"]["/api/v1/articles/1"], article);
    assert_eq!(
        answers["answers"]["/api/v1/site"],
        s.get_json("/api/v1/site").await
    );
    assert_eq!(answers["failed"], serde_json::json!({}));
    // Parts below the fold are left for the browser: no comment or widget request was answered here.
    let urls: Vec<&String> = answers["answers"].as_object().unwrap().keys().collect();
    assert_eq!(urls.len(), 2, "{urls:?}");
}

#[tokio::test]
async fn lists_arrive_with_their_first_page_of_headlines() {
    let s = Server::start().await;
    let first = s.get_json("/api/v1/channels/ziyang-news/articles").await;
    let (status, app, answers) = page(&s, "/c/ziyang-news").await;
    assert_eq!(status, 200);
    let shown = text(&app);
    let mut at = 0;
    let items = first["items"].as_array().unwrap();
    assert!(items.len() >= 2);
    for item in items {
        let id = item["id"].as_u64().unwrap();
        assert!(app.contains(&format!(r#"href="/a/{id}""#)), "link to {id}");
        let t = item["title"].as_str().unwrap();
        let t = t
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        let found = shown[at..]
            .find(t.as_str())
            .unwrap_or_else(|| panic!("headline {t:?} in order"));
        at += found + t.len();
    }
    assert_eq!(
        answers["answers"]["/api/v1/channels/ziyang-news/articles"],
        first
    );

    // The home page and a region's page: each channel's latest headlines, drawn from their answers.
    for path in ["/", "/p/sichuan", "/p/ziyang"] {
        let (status, app, answers) = page(&s, path).await;
        assert_eq!(status, 200, "{path}");
        let lists: Vec<&String> = answers["answers"]
            .as_object()
            .unwrap()
            .keys()
            .filter(|u| u.starts_with("/api/v1/channels/"))
            .collect();
        assert!(!lists.is_empty(), "{path}");
        for url in lists {
            for item in answers["answers"][url]["items"].as_array().unwrap() {
                let id = item["id"].as_u64().unwrap();
                assert!(app.contains(&format!(r#"href="/a/{id}""#)), "{path}: {id}");
            }
        }
    }
}

#[tokio::test]
async fn hostile_text_is_escaped_in_markup_and_answers() {
    let s = Server::start().await;
    let html = s.get("/a/7").await.text().await.unwrap();
    // One script element closes in the answers: the article's own `</script>` stays text.
    let (app, answers) = split(&html);
    assert!(!app.contains("<script>alert"), "{app}");
    assert!(app.contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_eq!(
        answers["answers"]["/api/v1/articles/7"]["title"],
        "</script><script>alert(1)</script> \"引号\" & 'x'"
    );
    // No `<` at all in the inlined JSON (it is written \u003c), so nothing in it can end the element.
    let tail = &html[html.find("difang-answers").unwrap()..];
    let json = &tail[tail.find('>').unwrap() + 1..tail.find("</script>").unwrap()];
    assert!(json.contains("\\u003c/script>"), "{json}");
    assert!(!json.contains('<'), "{json}");
}

#[tokio::test]
async fn unknown_pages_arrive_as_the_apps_404_page() {
    let s = Server::start().await;
    for path in ["/a/999999", "/c/no-such-channel", "/no/such/page"] {
        let (status, app, answers) = page(&s, path).await;
        assert_eq!(status, 404, "{path}");
        assert!(app.contains("404"), "{path}: {app}");
        if path == "/a/999999" {
            assert_eq!(answers["failed"]["/api/v1/articles/999999"], 404);
        }
    }
}

#[tokio::test]
async fn without_the_first_screen_or_for_saved_articles_the_shell_is_sent_as_built() {
    let s = Server::start_with(|c| c.first_screen = false).await;
    let html = s.get("/a/1").await.text().await.unwrap();
    assert!(html.contains(r#"<div id="app"></div>"#));
    assert!(!html.contains("difang-answers"));
    // The page's head is still the app's, for crawlers that run no script.
    assert!(
        html.contains("<title>坚决打好文明城市创建总体仗 - 地方网</title>"),
        "{html}"
    );
    let canonical = [("rel", "canonical"), ("href", &*s.url("/a/1"))];
    assert!(head_tag(&html, "link", &canonical).is_some(), "{html}");
    // /saved is the reader's own (their browser's storage): never drawn here, even with a first screen.
    let s = Server::start().await;
    let html = s.get("/saved").await.text().await.unwrap();
    assert!(html.contains(r#"<div id="app"></div>"#));
    assert!(!html.contains("difang-answers"));
}

/// A reader who chose English in the app (its `difang.lang` cookie) gets the first screen in English,
/// as the app will draw it; no cookie, or a value that is no language of ours, gets the default.
#[tokio::test]
async fn the_readers_chosen_language_draws_the_first_screen() {
    let s = Server::start().await;
    let get = |cookie: Option<&'static str>| {
        let mut req = s.client.get(s.url("/a/1"));
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        req.send()
    };
    let en = get(Some("theme=x; difang.lang=en; other=1")).await.unwrap();
    assert_eq!(en.status(), 200);
    assert_eq!(en.headers()["vary"], "accept-encoding, cookie");
    let html = en.text().await.unwrap();
    assert!(html.contains(r#"<html lang="en""#), "{html}");
    let (app, _) = split(&html);
    assert!(app.contains("Skip to main content"), "{app}");
    assert!(app.contains(">中文<"), "{app}");
    for cookie in [None, Some("difang.lang=xx"), Some("difang.lang=zh-CN")] {
        let html = get(cookie).await.unwrap().text().await.unwrap();
        assert!(html.contains(r#"<html lang="zh-CN""#), "{cookie:?}");
        let (app, _) = split(&html);
        assert!(!app.contains("Skip to main content"), "{cookie:?}");
        assert!(app.contains(">EN<"), "{cookie:?}: {app}");
    }
}

/// A page of search results asks not to be indexed; the site's other pages do not.
#[tokio::test]
async fn search_results_are_not_for_an_index() {
    let s = Server::start().await;
    let noindex = [("name", "robots"), ("content", "noindex")];
    let search = s
        .get("/search?q=%E8%B5%84%E9%98%B3")
        .await
        .text()
        .await
        .unwrap();
    assert!(head_tag(&search, "meta", &noindex).is_some(), "{search}");
    let article = s.get("/a/1").await.text().await.unwrap();
    assert!(!article.contains("noindex"), "{article}");
}
