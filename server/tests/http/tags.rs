//! Tag and author pages: `GET /api/v1/tags/{tag}/articles` and `/api/v1/authors/{name}/articles` (paging,
//! percent-encoded Chinese names, 404 and 400s), their upkeep through the publishing API (a tag taken off
//! an article, an article taken down), the tag and author feeds, and the reader's pages `/t/…`, `/u/…`.

use crate::common::{expect_error, Server};
use difang_server::auth;
use difang_server::store::{Change, Manager};
use model::paths::{author_articles, tag_articles};
use model::{ListingKind, ListingPage};
use roxmltree::Document;
use serde_json::{json, Value};

const ATOM: &str = "http://www.w3.org/2005/Atom";

async fn publisher(s: &Server) -> String {
    let t = auth::new_token().unwrap();
    s.store()
        .token_add("tags", "publisher", &auth::digest(&t))
        .await
        .unwrap();
    t
}

/// An article of `anyue-news` published on `day` of December 2026 at 09:30 (+08:00).
fn article(id: u64, day: u32, author: Option<&str>, tags: &[&str]) -> Value {
    json!({
        "id": id, "channel": "anyue-news", "title": format!("文章 {id}"), "source": "安岳日报",
        "published_at": format!("2026-12-{day:02}T09:30:00+08:00"), "excerpt": "摘要。",
        "author": author, "tags": tags,
        "body": [{"type": "paragraph", "text": "正文。"}]
    })
}

async fn put(s: &Server, token: &str, a: &Value) {
    let res = s
        .client
        .put(s.url(&format!("/api/v1/admin/articles/{}", a["id"])))
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(a.to_string())
        .send()
        .await
        .unwrap();
    assert!(
        res.status().is_success(),
        "PUT {}: {}",
        a["id"],
        res.status()
    );
}

async fn delete(s: &Server, token: &str, id: u64) {
    let res = s
        .client
        .delete(s.url(&format!("/api/v1/admin/articles/{id}")))
        .header("authorization", format!("Bearer {token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "DELETE {id}");
}

async fn page(s: &Server, path: &str) -> ListingPage {
    let res = s.get(path).await;
    assert_eq!(res.status(), 200, "GET {path}");
    let text = res.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("GET {path}: {e}: {text}"))
}

/// Every id of a listing, page after page of `limit`, checking each page's name, kind and total.
async fn all_ids(s: &Server, kind: ListingKind, name: &str, limit: u32) -> Vec<u64> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    let mut total = None;
    for _ in 0..20 {
        let path = match kind {
            ListingKind::Tag => tag_articles(name, cursor.as_deref(), Some(limit)),
            ListingKind::Author => author_articles(name, cursor.as_deref(), Some(limit)),
        };
        let p = page(s, &path).await;
        assert_eq!((p.kind, p.name.as_str()), (kind, name));
        assert!(p.items.len() <= limit as usize);
        assert_eq!(
            *total.get_or_insert(p.total),
            p.total,
            "the same total on every page"
        );
        out.extend(p.items.iter().map(|a| a.id.0));
        match p.next_cursor {
            Some(c) => {
                assert_eq!(p.items.len(), limit as usize, "a full page before the next");
                cursor = Some(c);
            }
            None => {
                assert_eq!(total, Some(out.len() as u32));
                return out;
            }
        }
    }
    panic!("more pages than articles");
}

#[tokio::test]
async fn lists_a_tag_and_an_author_newest_first_page_by_page() {
    let s = Server::start().await;
    let t = publisher(&s).await;
    // 601..=605 on days 1..=5: 605 is the newest. A tag with a space and Chinese, and a repeated tag.
    for (id, day) in (601..=605).zip(1..) {
        let tags: &[&str] = if id % 2 == 1 {
            &["资阳", "文明 城市", "资阳"]
        } else {
            &["资阳"]
        };
        let author = (id != 603).then_some("张记者");
        put(&s, &t, &article(id, day, author, tags)).await;
    }
    for limit in [1, 2, 5, 20] {
        assert_eq!(
            all_ids(&s, ListingKind::Tag, "资阳", limit).await,
            [605, 604, 603, 602, 601],
            "limit {limit}"
        );
    }
    assert_eq!(
        all_ids(&s, ListingKind::Tag, "文明 城市", 2).await,
        [605, 603, 601]
    );
    assert_eq!(
        all_ids(&s, ListingKind::Author, "张记者", 3).await,
        [605, 604, 602, 601]
    );
    // The address as a browser sends it: each byte percent-encoded.
    let p = page(
        &s,
        "/api/v1/tags/%E6%96%87%E6%98%8E%20%E5%9F%8E%E5%B8%82/articles?limit=1",
    )
    .await;
    assert_eq!(
        (p.name.as_str(), p.total, p.items.len()),
        ("文明 城市", 3, 1)
    );
    assert_eq!(p.items[0].channel.slug, "anyue-news");
    assert!(p.next_cursor.is_some());
    // Characters that mean something in an address are the tag's own once encoded.
    let odd = "A/B?c=#1 %20&";
    put(&s, &t, &article(606, 6, None, &[odd])).await;
    assert_eq!(all_ids(&s, ListingKind::Tag, odd, 5).await, [606]);
    let res = s
        .get(&format!("{}/feed.xml", ListingKind::Tag.page(odd)))
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(s.get(&ListingKind::Tag.page(odd)).await.status(), 200);
    // The raw JSON names its kind.
    let v = s.get_json(&author_articles("张记者", None, None)).await;
    assert_eq!(
        (v["kind"].as_str(), v["total"].as_u64()),
        (Some("author"), Some(4))
    );
}

#[tokio::test]
async fn unknown_names_are_404_and_bad_paging_400() {
    let s = Server::start().await;
    let t = publisher(&s).await;
    put(&s, &t, &article(601, 1, Some("张记者"), &["资阳", "安岳"])).await;
    put(&s, &t, &article(602, 2, Some("张记者"), &["资阳"])).await;
    for path in [
        tag_articles("没有这个标签", None, None),
        author_articles("没有这位作者", None, None),
        // Not UTF-8 once decoded, blank, control characters, too long.
        "/api/v1/tags/%FF/articles".to_owned(),
        "/api/v1/tags/%20/articles".to_owned(),
        "/api/v1/authors/a%00b/articles".to_owned(),
        tag_articles(&"资".repeat(201), None, None),
        // A name differs from another by its case or spaces.
        tag_articles("资阳 ", None, None),
    ] {
        expect_error(s.get(&path).await, 404, "not_found").await;
    }
    let first = page(&s, &tag_articles("资阳", None, Some(1))).await;
    let cursor = first.next_cursor.unwrap();
    for path in [
        tag_articles("资阳", Some("not-a-cursor"), None),
        // A cursor of one list is refused on another.
        tag_articles("安岳", Some(&cursor), None),
        author_articles("资阳", Some(&cursor), None),
    ] {
        expect_error(s.get(&path).await, 400, "invalid_cursor").await;
    }
    for limit in ["0", "51", "x", "-1"] {
        let path = format!("{}?limit={limit}", tag_articles("资阳", None, None));
        expect_error(s.get(&path).await, 400, "invalid_limit").await;
    }
    // The cursor goes on where it should.
    let next = page(&s, &tag_articles("资阳", Some(&cursor), Some(1))).await;
    assert_eq!(next.items[0].id.0, 601);
    assert!(next.next_cursor.is_none());
}

#[tokio::test]
async fn lists_follow_the_publishing_api() {
    let s = Server::start().await;
    let t = publisher(&s).await;
    put(&s, &t, &article(601, 1, Some("张记者"), &["资阳", "文明"])).await;
    put(&s, &t, &article(602, 2, Some("李记者"), &["资阳"])).await;
    assert_eq!(all_ids(&s, ListingKind::Tag, "文明", 5).await, [601]);
    // 文明 taken off 601, which also changes hands: it leaves the tag and its old writer's page.
    put(&s, &t, &article(601, 1, Some("李记者"), &["资阳"])).await;
    expect_error(
        s.get(&tag_articles("文明", None, None)).await,
        404,
        "not_found",
    )
    .await;
    expect_error(
        s.get(&author_articles("张记者", None, None)).await,
        404,
        "not_found",
    )
    .await;
    assert_eq!(
        all_ids(&s, ListingKind::Author, "李记者", 5).await,
        [602, 601]
    );
    // Moved to another day: its place in the list follows.
    put(&s, &t, &article(601, 3, Some("李记者"), &["资阳"])).await;
    assert_eq!(all_ids(&s, ListingKind::Tag, "资阳", 1).await, [601, 602]);
    // Taken down: gone from every list; the last one's tag is then unknown.
    delete(&s, &t, 601).await;
    assert_eq!(all_ids(&s, ListingKind::Tag, "资阳", 5).await, [602]);
    assert_eq!(all_ids(&s, ListingKind::Author, "李记者", 5).await, [602]);
    delete(&s, &t, 602).await;
    expect_error(
        s.get(&tag_articles("资阳", None, None)).await,
        404,
        "not_found",
    )
    .await;
    assert_eq!(s.get("/t/%E8%B5%84%E9%98%B3/feed.xml").await.status(), 404);
    // Published again: back in its lists.
    put(&s, &t, &article(602, 2, Some("李记者"), &["资阳"])).await;
    assert_eq!(all_ids(&s, ListingKind::Tag, "资阳", 5).await, [602]);
}

/// Applies `upserts` and `removals` as the WordPress sync does (one `Change` of its own), and lets the
/// server catch up as it would after a sync.
async fn sync(s: &Server, upserts: Vec<Value>, removals: Vec<i64>) {
    let mut change = Change::new(Manager::Wordpress);
    for a in upserts {
        change.upserts.push(serde_json::from_value(a).unwrap());
    }
    change.removals = removals;
    s.store().apply(change).await.unwrap();
    s.handle.as_ref().unwrap().state().catch_up().await.unwrap();
}

#[tokio::test]
async fn lists_follow_the_wordpress_sync() {
    let s = Server::start().await;
    sync(
        &s,
        vec![
            article(701, 1, Some("张记者"), &["资阳", "柠檬"]),
            article(702, 2, Some("张记者"), &["柠檬"]),
        ],
        vec![],
    )
    .await;
    assert_eq!(all_ids(&s, ListingKind::Tag, "柠檬", 5).await, [702, 701]);
    // A post edited in WordPress (a tag taken off) and another trashed, in one sync.
    sync(
        &s,
        vec![article(701, 1, Some("张记者"), &["资阳"])],
        vec![702],
    )
    .await;
    expect_error(
        s.get(&tag_articles("柠檬", None, None)).await,
        404,
        "not_found",
    )
    .await;
    assert_eq!(all_ids(&s, ListingKind::Tag, "资阳", 5).await, [701]);
    assert_eq!(all_ids(&s, ListingKind::Author, "张记者", 5).await, [701]);
}

/// GETs a feed, expecting 200 with `ctype` and validators; returns the body.
async fn feed(s: &Server, path: &str, ctype: &str) -> String {
    let res = s.get(path).await;
    assert_eq!(res.status(), 200, "GET {path}");
    assert_eq!(res.headers()["content-type"], ctype, "GET {path}");
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    assert!(res.headers().contains_key("last-modified"), "GET {path}");
    let body = res.text().await.unwrap();
    let again = s
        .client
        .get(s.url(path))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304, "GET {path} again");
    body
}

#[tokio::test]
async fn tag_and_author_feeds_carry_what_their_specs_require() {
    let s = Server::start().await;
    let t = publisher(&s).await;
    put(&s, &t, &article(601, 1, Some("张记者"), &["文明 城市"])).await;
    put(&s, &t, &article(602, 2, None, &["文明 城市", "安岳"])).await;
    let tag = "%E6%96%87%E6%98%8E%20%E5%9F%8E%E5%B8%82";
    assert_eq!(
        ListingKind::Tag.feed("文明 城市"),
        format!("/t/{tag}/feed.xml")
    );

    let body = feed(
        &s,
        &format!("/t/{tag}/feed.xml"),
        "application/atom+xml; charset=utf-8",
    )
    .await;
    let doc = Document::parse(&body).unwrap();
    let root = doc.root_element();
    assert!(root.has_tag_name((ATOM, "feed")));
    let el = |n: roxmltree::Node<'_, '_>, name: &str| {
        n.children()
            .find(|c| c.has_tag_name((ATOM, name)))
            .unwrap_or_else(|| panic!("no <{name}>"))
            .text()
            .unwrap_or("")
            .to_owned()
    };
    assert_eq!(el(root, "id"), s.url(&format!("/t/{tag}/feed.xml")));
    assert!(
        el(root, "title").contains("文明 城市"),
        "{}",
        el(root, "title")
    );
    assert!(!el(root, "updated").is_empty());
    let entries: Vec<_> = root
        .children()
        .filter(|c| c.has_tag_name((ATOM, "entry")))
        .collect();
    assert_eq!(entries.len(), 2);
    assert_eq!(el(entries[0], "id"), s.url("/a/602"), "newest first");
    for e in &entries {
        assert!(!el(*e, "title").is_empty() && !el(*e, "updated").is_empty());
        let author = e
            .children()
            .find(|c| c.has_tag_name((ATOM, "author")))
            .unwrap();
        assert!(!el(author, "name").is_empty());
        assert!(!e.children().any(|c| c.has_tag_name((ATOM, "content"))));
    }

    let body = feed(
        &s,
        &format!("/t/{tag}/rss.xml"),
        "application/rss+xml; charset=utf-8",
    )
    .await;
    let doc = Document::parse(&body).unwrap();
    let rss = doc.root_element();
    assert!(rss.has_tag_name("rss") && rss.attribute("version") == Some("2.0"));
    let channel = rss.children().find(|c| c.has_tag_name("channel")).unwrap();
    let plain = |n: roxmltree::Node<'_, '_>, name: &str| {
        n.children()
            .find(|c| c.has_tag_name(name))
            .and_then(|c| c.text())
            .unwrap_or("")
            .to_owned()
    };
    assert!(!plain(channel, "title").is_empty());
    assert_eq!(plain(channel, "link"), s.url(&format!("/t/{tag}")));
    assert!(!plain(channel, "description").is_empty());
    let items: Vec<_> = channel
        .children()
        .filter(|c| c.has_tag_name("item"))
        .collect();
    assert_eq!(items.len(), 2);
    for i in items {
        assert!(!plain(i, "title").is_empty());
        assert!(plain(i, "link").starts_with(&s.url("/a/")));
        assert!(!plain(i, "pubDate").is_empty());
    }

    // An author's feeds too.
    let body = feed(
        &s,
        "/u/%E5%BC%A0%E8%AE%B0%E8%80%85/rss.xml",
        "application/rss+xml; charset=utf-8",
    )
    .await;
    assert!(body.contains(&s.url("/a/601")) && !body.contains(&s.url("/a/602")));
    for path in [
        "/t/nope/feed.xml",
        "/t/nope/rss.xml",
        "/t/%FF/feed.xml",
        "/u/nope/feed.xml",
    ] {
        assert_eq!(s.get(path).await.status(), 404, "{path}");
    }
}

#[tokio::test]
async fn tag_feeds_carry_the_whole_text_only_with_the_flag() {
    let s = Server::start_with(|c| c.feed_full_text = true).await;
    let t = publisher(&s).await;
    put(&s, &t, &article(601, 1, None, &["安岳"])).await;
    let body = feed(
        &s,
        "/t/%E5%AE%89%E5%B2%B3/feed.xml",
        "application/atom+xml; charset=utf-8",
    )
    .await;
    let doc = Document::parse(&body).unwrap();
    assert!(doc.descendants().any(|c| c.has_tag_name((ATOM, "content"))));
}

#[tokio::test]
async fn the_readers_pages_are_the_apps() {
    let s = Server::start().await;
    let t = publisher(&s).await;
    put(&s, &t, &article(601, 1, Some("张记者"), &["资阳"])).await;
    for (path, status) in [
        ("/t/%E8%B5%84%E9%98%B3", 200),
        ("/u/%E5%BC%A0%E8%AE%B0%E8%80%85", 200),
        ("/t/nope", 404),
        ("/u/nope", 404),
        ("/t/%FF", 404),
        ("/t/%E8%B5%84%E9%98%B3/more", 404),
    ] {
        let res = s.get(path).await;
        assert_eq!(res.status(), status, "{path}");
        assert_eq!(
            res.headers()["content-type"],
            "text/html; charset=utf-8",
            "{path}"
        );
        assert!(res.text().await.unwrap().contains("<html"), "{path}");
    }
    // Crawlers get the page's own title and address.
    let html = s.get("/t/%E8%B5%84%E9%98%B3").await.text().await.unwrap();
    assert!(html.contains("标签：资阳 - 地方网"), "{html}");
    assert!(html.contains(&s.url("/t/%E8%B5%84%E9%98%B3")));
    // A tag given later makes its page: the kept 404 is dropped with the write.
    assert_eq!(s.get("/t/%E6%96%B0%E6%A0%87%E7%AD%BE").await.status(), 404);
    put(
        &s,
        &t,
        &article(601, 1, Some("张记者"), &["资阳", "新标签"]),
    )
    .await;
    assert_eq!(s.get("/t/%E6%96%B0%E6%A0%87%E7%AD%BE").await.status(), 200);
}
