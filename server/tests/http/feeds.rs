//! Feeds and sitemaps: Atom and RSS of the site and its channels, the sitemap index, monthly and pages
//! sitemaps, the Google News sitemap and robots.txt, each checked against its format's required parts,
//! with validators (304), escaping, the full-text flag and the news sitemap's two-day window.

use crate::common::Server;
use reqwest::Response;
use roxmltree::{Document, Node};
use time::format_description::well_known::{Rfc2822, Rfc3339};
use time::OffsetDateTime;

const ATOM: &str = "http://www.w3.org/2005/Atom";
const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const NEWS: &str = "http://www.google.com/schemas/sitemap-news/0.9";

fn content_type(res: &Response) -> String {
    res.headers()["content-type"].to_str().unwrap().to_owned()
}

/// GETs `path`, expecting 200 with `ctype`; returns the body.
async fn fetch(s: &Server, path: &str, ctype: &str) -> String {
    let res = s.get(path).await;
    assert_eq!(res.status(), 200, "GET {path}");
    assert_eq!(content_type(&res), ctype, "GET {path}");
    assert!(res.headers().contains_key("etag"), "GET {path}");
    assert!(
        res.headers()["cache-control"]
            .to_str()
            .unwrap()
            .starts_with("public, max-age="),
        "GET {path}"
    );
    res.text().await.unwrap()
}

/// True for an element `name` in namespace `ns` (none when empty).
fn is(c: &Node, ns: &str, name: &str) -> bool {
    c.is_element() && c.tag_name().name() == name && c.tag_name().namespace().unwrap_or("") == ns
}

fn child<'a, 'i>(n: Node<'a, 'i>, ns: &str, name: &str) -> Node<'a, 'i> {
    n.children()
        .find(|c| is(c, ns, name))
        .unwrap_or_else(|| panic!("<{}> has no <{name}>", n.tag_name().name()))
}

fn children<'a, 'i>(n: Node<'a, 'i>, ns: &str, name: &str) -> Vec<Node<'a, 'i>> {
    n.children().filter(|c| is(c, ns, name)).collect()
}

fn text<'a>(n: Node<'a, '_>, ns: &str, name: &str) -> &'a str {
    child(n, ns, name).text().unwrap_or("")
}

fn rfc3339(s: &str) -> OffsetDateTime {
    OffsetDateTime::parse(s, &Rfc3339).unwrap_or_else(|e| panic!("{s:?}: {e}"))
}

/// Sets article `id`'s publication time (both columns) behind the server's back.
async fn publish_at(s: &Server, id: i64, t: OffsetDateTime) {
    let at = t.format(&Rfc3339).unwrap();
    let ns = t.unix_timestamp_nanos() as i64;
    s.execute(&format!(
        "UPDATE articles SET published_at = '{at}', published_ns = {ns} WHERE id = {id}"
    ))
    .await;
}

#[tokio::test]
async fn atom_feeds_carry_what_rfc_4287_requires() {
    let s = Server::start().await;
    let body = fetch(&s, "/feed.xml", "application/atom+xml; charset=utf-8").await;
    let doc = Document::parse(&body).unwrap();
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ATOM, "feed")));
    assert_eq!(text(feed, ATOM, "id"), s.url("/feed.xml"));
    assert_eq!(text(feed, ATOM, "title"), "地方网");
    let updated = rfc3339(text(feed, ATOM, "updated"));
    let entries = children(feed, ATOM, "entry");
    // The fixture's eight articles, newest first (3 is the newest).
    assert_eq!(entries.len(), 8);
    assert_eq!(text(entries[0], ATOM, "id"), s.url("/a/3"));
    let mut last = None;
    for e in &entries {
        let id = text(*e, ATOM, "id");
        assert!(id.starts_with(&s.url("/a/")), "{id}");
        assert!(!text(*e, ATOM, "title").is_empty());
        let t = rfc3339(text(*e, ATOM, "updated"));
        assert!(t <= updated);
        let published = rfc3339(text(*e, ATOM, "published"));
        if let Some(l) = last {
            assert!(published <= l, "newest first");
        }
        last = Some(published);
        let link = child(*e, ATOM, "link");
        assert_eq!(link.attribute("href"), Some(id));
        assert!(!text(child(*e, ATOM, "author"), ATOM, "name").is_empty());
        assert!(!text(*e, ATOM, "summary").is_empty());
        // The whole text only with --feed-full-text.
        assert!(children(*e, ATOM, "content").is_empty());
    }
    // A channel's feed: its own articles, its own address.
    let body = fetch(
        &s,
        "/c/ziyang-news/feed.xml",
        "application/atom+xml; charset=utf-8",
    )
    .await;
    let doc = Document::parse(&body).unwrap();
    let feed = doc.root_element();
    assert_eq!(text(feed, ATOM, "id"), s.url("/c/ziyang-news/feed.xml"));
    assert_eq!(text(feed, ATOM, "title"), "资阳新闻 - 资阳市 - 地方网");
    let entries = children(feed, ATOM, "entry");
    assert_eq!(entries.len(), 4);
    for e in entries {
        assert_eq!(
            child(e, ATOM, "category").attribute("term"),
            Some("ziyang-news")
        );
    }
    for path in ["/c/nope/feed.xml", "/c/nope/rss.xml", "/c/%FF/feed.xml"] {
        assert_eq!(s.get(path).await.status(), 404, "{path}");
    }
}

#[tokio::test]
async fn rss_feeds_carry_what_rss_2_requires() {
    let s = Server::start().await;
    for (path, items, link) in [
        ("/rss.xml", 8, s.url("/")),
        ("/c/anyue-news/rss.xml", 2, s.url("/c/anyue-news")),
    ] {
        let body = fetch(&s, path, "application/rss+xml; charset=utf-8").await;
        let doc = Document::parse(&body).unwrap();
        let rss = doc.root_element();
        assert!(rss.has_tag_name("rss") && rss.attribute("version") == Some("2.0"));
        let channel = child(rss, "", "channel");
        assert!(!text(channel, "", "title").is_empty());
        assert_eq!(text(channel, "", "link"), link);
        assert!(!text(channel, "", "description").is_empty());
        let list = children(channel, "", "item");
        assert_eq!(list.len(), items, "{path}");
        for i in list {
            assert!(!text(i, "", "title").is_empty());
            let url = text(i, "", "link");
            assert!(url.starts_with(&s.url("/a/")), "{url}");
            let guid = child(i, "", "guid");
            assert_eq!(guid.text(), Some(url));
            assert_eq!(guid.attribute("isPermaLink"), Some("true"));
            let date = text(i, "", "pubDate");
            OffsetDateTime::parse(date, &Rfc2822).unwrap_or_else(|e| panic!("{date:?}: {e}"));
            assert!(children(i, "http://purl.org/rss/1.0/modules/content/", "encoded").is_empty());
        }
    }
}

#[tokio::test]
async fn titles_are_escaped_and_full_text_needs_the_flag() {
    let s = Server::start_with(|c| c.feed_full_text = true).await;
    let title = r#"<b>标题</b> & "引号" 'x'"#;
    s.execute(&format!(
        "UPDATE articles SET title = '{}', body = '{}' WHERE id = 3",
        title.replace('\'', "''"),
        r#"[{"type":"paragraph","text":"<script>alert(1)</script> & 第一段"},{"type":"heading","level":2,"text":"小标题"}]"#
    ))
    .await;
    let body = fetch(&s, "/feed.xml", "application/atom+xml; charset=utf-8").await;
    assert!(
        !body.contains("<b>") && !body.contains("<script>"),
        "{body}"
    );
    let doc = Document::parse(&body).unwrap();
    let entry = children(doc.root_element(), ATOM, "entry")[0];
    assert_eq!(text(entry, ATOM, "title"), title);
    let content = child(entry, ATOM, "content");
    assert_eq!(content.attribute("type"), Some("html"));
    assert_eq!(
        content.text(),
        Some("<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; 第一段</p><h2>小标题</h2>")
    );
    let body = fetch(&s, "/rss.xml", "application/rss+xml; charset=utf-8").await;
    let doc = Document::parse(&body).unwrap();
    let item = children(child(doc.root_element(), "", "channel"), "", "item")[0];
    assert_eq!(text(item, "", "title"), title);
    let full = text(item, "http://purl.org/rss/1.0/modules/content/", "encoded");
    assert!(full.starts_with("<p>&lt;script&gt;"), "{full}");
    // And in the news sitemap.
    publish_at(&s, 3, OffsetDateTime::now_utc()).await;
    let body = fetch(&s, "/sitemap-news.xml", "application/xml; charset=utf-8").await;
    let doc = Document::parse(&body).unwrap();
    let url = children(doc.root_element(), SITEMAP, "url")[0];
    assert_eq!(text(child(url, NEWS, "news"), NEWS, "title"), title);
}

#[tokio::test]
async fn validators_answer_304() {
    let s = Server::start().await;
    for path in [
        "/feed.xml",
        "/c/ziyang-news/rss.xml",
        "/sitemap.xml",
        "/sitemap-pages.xml",
        "/sitemap-2017-06.xml",
        "/sitemap-news.xml",
        "/robots.txt",
    ] {
        let res = s.get(path).await;
        assert_eq!(res.status(), 200, "{path}");
        let etag = res.headers()["etag"].to_str().unwrap().to_owned();
        let res = s
            .client
            .get(s.url(path))
            .header("if-none-match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 304, "{path}");
        assert_eq!(res.headers()["etag"], etag.as_str());
        // Compressed, the tag is suffixed; either form validates.
        let res = s
            .client
            .get(s.url(path))
            .header("accept-encoding", "br")
            .send()
            .await
            .unwrap();
        let br = res.headers()["etag"].to_str().unwrap().to_owned();
        let res = s
            .client
            .get(s.url(path))
            .header("accept-encoding", "br")
            .header("if-none-match", &br)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 304, "{path} {br}");
    }
    // Last-Modified: the latest article's time (2017-06-17T08:00:00+08:00 is 00:00 UTC).
    let res = s.get("/feed.xml").await;
    let modified = res.headers()["last-modified"].to_str().unwrap().to_owned();
    assert_eq!(modified, "Sat, 17 Jun 2017 00:00:00 GMT");
    for (since, status) in [
        (modified.as_str(), 304),
        ("Sun, 18 Jun 2017 00:00:00 GMT", 304),
        ("Fri, 16 Jun 2017 23:59:59 GMT", 200),
        ("not a date", 200),
    ] {
        let res = s
            .client
            .get(s.url("/feed.xml"))
            .header("if-modified-since", since)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), status, "{since}");
    }
    // An ETag that no longer matches wins over a date that would.
    let res = s
        .client
        .get(s.url("/feed.xml"))
        .header("if-none-match", "\"old\"")
        .header("if-modified-since", &modified)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    // An update moves Last-Modified.
    s.execute("UPDATE articles SET updated_at = '2020-01-02T03:04:05Z' WHERE id = 7")
        .await;
    let res = s.get("/feed.xml").await;
    assert_eq!(
        res.headers()["last-modified"],
        "Thu, 02 Jan 2020 03:04:05 GMT"
    );
    let res = s.get("/sitemap-2017-06.xml").await;
    assert_eq!(
        res.headers()["last-modified"],
        "Thu, 02 Jan 2020 03:04:05 GMT"
    );
}

#[tokio::test]
async fn sitemaps_index_months_and_pages() {
    let s = Server::start().await;
    // One article in another month (UTC: 2017-06-30T20:00-08:00 is in July).
    publish_at(&s, 8, rfc3339("2017-06-30T20:00:00-08:00")).await;
    let body = fetch(&s, "/sitemap.xml", "application/xml; charset=utf-8").await;
    let doc = Document::parse(&body).unwrap();
    let index = doc.root_element();
    assert!(index.has_tag_name((SITEMAP, "sitemapindex")));
    let locs: Vec<&str> = children(index, SITEMAP, "sitemap")
        .into_iter()
        .map(|m| {
            rfc3339(text(m, SITEMAP, "lastmod"));
            text(m, SITEMAP, "loc")
        })
        .collect();
    assert_eq!(
        locs,
        [
            s.url("/sitemap-pages.xml"),
            s.url("/sitemap-2017-07.xml"),
            s.url("/sitemap-2017-06.xml")
        ]
    );
    let mut seen = Vec::new();
    for loc in &locs {
        let path = loc.strip_prefix(&s.base).unwrap();
        let body = fetch(&s, path, "application/xml; charset=utf-8").await;
        let doc = Document::parse(&body).unwrap();
        let set = doc.root_element();
        assert!(set.has_tag_name((SITEMAP, "urlset")), "{path}");
        let urls: Vec<String> = children(set, SITEMAP, "url")
            .into_iter()
            .map(|u| text(u, SITEMAP, "loc").to_owned())
            .collect();
        assert!(urls.len() <= 50_000);
        if path == "/sitemap-pages.xml" {
            assert_eq!(
                urls,
                [
                    s.url("/"),
                    s.url("/c/ziyang-news"),
                    s.url("/c/anyue-news"),
                    s.url("/c/dazhou-news"),
                    s.url("/c/wanzhou-news")
                ]
            );
        } else {
            for u in children(set, SITEMAP, "url") {
                rfc3339(text(u, SITEMAP, "lastmod"));
            }
            seen.extend(urls);
        }
    }
    seen.sort();
    let all: Vec<String> = (1..=8).map(|i| s.url(&format!("/a/{i}"))).collect();
    assert_eq!(seen, all);
    assert_eq!(
        Document::parse(&fetch(&s, "/sitemap-2017-07.xml", "application/xml; charset=utf-8").await)
            .unwrap()
            .root_element()
            .children()
            .filter(|c| c.has_tag_name((SITEMAP, "url")))
            .count(),
        1
    );
    for bad in [
        "/sitemap-2017-13.xml",
        "/sitemap-2017-00.xml",
        "/sitemap-2016-06.xml",
        "/sitemap-2017-6.xml",
        "/sitemap-abc.xml",
        "/sitemap-.xml",
        "/sitemap-9999-12.xml",
    ] {
        let res = s.get(bad).await;
        assert_eq!(res.status(), 404, "{bad}");
    }
}

/// An `anyue-news` article published on `day` of December 2026 at 09:30 (+08:00, 01:30 UTC).
fn listed_article(id: u64, day: u32, author: &str, tags: &[&str]) -> serde_json::Value {
    serde_json::json!({
        "id": id, "channel": "anyue-news", "title": format!("文章 {id}"), "source": "安岳日报",
        "published_at": format!("2026-12-{day:02}T09:30:00+08:00"), "excerpt": "摘要。",
        "author": author, "tags": tags,
        "body": [{"type": "paragraph", "text": "正文。"}]
    })
}

#[tokio::test]
async fn sitemap_pages_list_tags_and_authors_with_their_newest_article() {
    use difang_server::store::{Change, Manager};
    let s = Server::start().await;
    let mut change = Change::new(Manager::Api);
    for a in [
        listed_article(901, 3, "张记者", &["资阳 新闻", "a/b"]),
        listed_article(902, 5, "李记者", &["资阳 新闻"]),
        listed_article(903, 4, "张记者", &["柠檬"]),
    ] {
        change.upserts.push(serde_json::from_value(a).unwrap());
    }
    s.store().apply(change).await.unwrap();
    // 903 taken down: its tag has no article left, and its author's newest is 901.
    let mut change = Change::new(Manager::Api);
    change.removals = vec![903];
    s.store().apply(change).await.unwrap();
    s.handle.as_ref().unwrap().state().catch_up().await.unwrap();

    let body = fetch(&s, "/sitemap-pages.xml", "application/xml; charset=utf-8").await;
    let doc = Document::parse(&body).unwrap();
    let listed: Vec<(String, Option<OffsetDateTime>)> =
        children(doc.root_element(), SITEMAP, "url")
            .into_iter()
            .map(|u| {
                let loc = text(u, SITEMAP, "loc").to_owned();
                let lastmod = children(u, SITEMAP, "lastmod")
                    .first()
                    .map(|m| rfc3339(m.text().unwrap_or_default()));
                (loc, lastmod)
            })
            .filter(|(loc, _)| loc.contains("/t/") || loc.contains("/u/"))
            .collect();
    let day = |d: u8| {
        Some(
            time::Date::from_calendar_date(2026, time::Month::December, d)
                .unwrap()
                .with_hms(1, 30, 0)
                .unwrap()
                .assume_utc(),
        )
    };
    // Tags, then authors, the most recent first; names percent-encoded as one path segment each.
    assert_eq!(
        listed,
        [
            (s.url("/t/%E8%B5%84%E9%98%B3%20%E6%96%B0%E9%97%BB"), day(5)),
            (s.url("/t/a%2Fb"), day(3)),
            (s.url("/u/%E6%9D%8E%E8%AE%B0%E8%80%85"), day(5)),
            (s.url("/u/%E5%BC%A0%E8%AE%B0%E8%80%85"), day(3)),
        ]
    );
    // Each is a page a reader (or a crawler) is given.
    for (loc, _) in &listed {
        let res = s.get(loc.strip_prefix(&s.base).unwrap()).await;
        assert_eq!(res.status(), 200, "{loc}");
    }
}

#[tokio::test]
async fn news_sitemap_lists_the_last_two_days() {
    let s = Server::start().await;
    // The fixture's articles are from 2017: none is news.
    let body = fetch(&s, "/sitemap-news.xml", "application/xml; charset=utf-8").await;
    let doc = Document::parse(&body).unwrap();
    assert!(doc.root_element().has_tag_name((SITEMAP, "urlset")));
    assert!(children(doc.root_element(), SITEMAP, "url").is_empty());
    let now = OffsetDateTime::now_utc();
    publish_at(&s, 2, now - time::Duration::hours(1)).await;
    publish_at(&s, 5, now - time::Duration::hours(47)).await;
    publish_at(&s, 4, now - time::Duration::hours(49)).await;
    let body = fetch(&s, "/sitemap-news.xml", "application/xml; charset=utf-8").await;
    let doc = Document::parse(&body).unwrap();
    let urls = children(doc.root_element(), SITEMAP, "url");
    let locs: Vec<&str> = urls.iter().map(|u| text(*u, SITEMAP, "loc")).collect();
    assert_eq!(locs, [s.url("/a/2"), s.url("/a/5")]);
    for u in urls {
        let news = child(u, NEWS, "news");
        let publication = child(news, NEWS, "publication");
        assert_eq!(text(publication, NEWS, "name"), "地方网");
        assert_eq!(text(publication, NEWS, "language"), "zh-cn");
        let t = rfc3339(text(news, NEWS, "publication_date"));
        assert!(now - t <= time::Duration::days(2));
        assert!(!text(news, NEWS, "title").is_empty());
    }
}

#[tokio::test]
async fn robots_allows_all_but_the_desk_and_names_both_sitemaps() {
    let s = Server::start().await;
    let body = fetch(&s, "/robots.txt", "text/plain; charset=utf-8").await;
    let lines: Vec<&str> = body.lines().collect();
    for want in [
        "User-agent: *",
        "Allow: /",
        "Disallow: /desk",
        "Disallow: /api/v1/desk",
    ] {
        assert!(lines.contains(&want), "{want} in {body}");
    }
    assert!(lines.contains(&format!("Sitemap: {}", s.url("/sitemap.xml")).as_str()));
    assert!(lines.contains(&format!("Sitemap: {}", s.url("/sitemap-news.xml")).as_str()));
    // --public-url names the origin of every address.
    let s = Server::start_with(|c| c.public_url = Some("https://news.example/".into())).await;
    let body = fetch(&s, "/robots.txt", "text/plain; charset=utf-8").await;
    assert!(
        body.contains("Sitemap: https://news.example/sitemap.xml\n"),
        "{body}"
    );
    let body = fetch(&s, "/feed.xml", "application/atom+xml; charset=utf-8").await;
    assert!(body.contains("<id>https://news.example/a/3</id>"), "{body}");
}

#[tokio::test]
async fn a_wildcard_bind_names_the_requests_host_when_it_is_plain() {
    let s = Server::start_with(|c| c.bind = "0.0.0.0:0".parse().unwrap()).await;
    let port = s.base.rsplit(':').next().unwrap().to_owned();
    let robots = |host: &'static str| {
        s.client
            .get(format!("http://127.0.0.1:{port}/robots.txt"))
            .header("host", host)
            .send()
    };
    let body = robots("news.example:8080")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        body.contains("Sitemap: http://news.example:8080/sitemap.xml\n"),
        "{body}"
    );
    // Anything but a host[:port] names no origin: no Sitemap lines rather than a forged address.
    let res = robots("evil.example/x?").await.unwrap();
    assert_eq!(res.status(), 200);
    let body = res.text().await.unwrap();
    assert!(
        !body.contains("Sitemap:") && !body.contains("evil"),
        "{body}"
    );
}
