//! Pure logic in the browser: time formatting in both languages, the 猜你喜欢 ranking, API error mapping.

use difang::api::{decode_response, ApiError};
use difang::history::{push, rank, Read, MAX};
use difang::i18n::{absolute, relative, rfc3339, Lang};
use model::{Article, ArticleId, ArticleSummary, ChannelRef, ErrorCode};
use time::macros::datetime;
use time::OffsetDateTime;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const T: OffsetDateTime = datetime!(2017-06-16 07:32:00 +08:00);

fn ms(t: OffsetDateTime) -> f64 {
    t.unix_timestamp() as f64 * 1000.0
}

#[wasm_bindgen_test]
fn absolute_time_is_in_the_articles_own_offset() {
    assert_eq!(absolute(T), "2017-06-16 07:32");
    assert_eq!(rfc3339(T), "2017-06-16T07:32:00+08:00");
    assert_eq!(
        rfc3339(datetime!(2020-01-02 03:04:05 -05:30)),
        "2020-01-02T03:04:05-05:30"
    );
}

#[wasm_bindgen_test]
fn relative_time_in_chinese() {
    let now = ms(T);
    assert_eq!(relative(T, now + 10_000.0, Lang::Zh), "刚刚");
    assert_eq!(
        relative(T, now - 120_000.0, Lang::Zh),
        "刚刚",
        "a time in the future is never negative"
    );
    assert_eq!(relative(T, now + 5.0 * 60_000.0, Lang::Zh), "5分钟前");
    assert_eq!(relative(T, now + 3.0 * 3_600_000.0, Lang::Zh), "3小时前");
    assert_eq!(relative(T, now + 2.0 * 86_400_000.0, Lang::Zh), "2天前");
    assert_eq!(
        relative(T, now + 8.0 * 86_400_000.0, Lang::Zh),
        "2017-06-16 07:32"
    );
}

#[wasm_bindgen_test]
fn relative_time_in_english() {
    let now = ms(T);
    assert_eq!(relative(T, now + 10_000.0, Lang::En), "just now");
    assert_eq!(relative(T, now + 60_000.0, Lang::En), "1 minute ago");
    assert_eq!(
        relative(T, now + 3.0 * 3_600_000.0, Lang::En),
        "3 hours ago"
    );
    assert_eq!(relative(T, now + 86_400_000.0, Lang::En), "1 day ago");
    assert_eq!(
        relative(T, now + 800.0 * 86_400_000.0, Lang::En),
        "2017-06-16 07:32"
    );
}

fn summary(id: u64, channel: &str) -> ArticleSummary {
    ArticleSummary {
        id: ArticleId(id),
        title: format!("t{id}"),
        channel: ChannelRef {
            slug: channel.into(),
            name: channel.into(),
        },
        published_at: T,
        source: None,
        excerpt: String::new(),
        image: None,
        comment_count: 0,
        views: None,
    }
}

fn read(id: u64, channel: &str) -> Read {
    Read {
        id,
        channel: channel.into(),
        at: 0.0,
    }
}

fn ids(v: &[ArticleSummary]) -> Vec<u64> {
    v.iter().map(|s| s.id.0).collect()
}

#[wasm_bindgen_test]
fn a_new_reader_gets_the_api_order() {
    let c = vec![summary(1, "a"), summary(2, "b"), summary(3, "c")];
    assert_eq!(ids(&rank(&c, &[], None)), vec![1, 2, 3]);
}

#[wasm_bindgen_test]
fn ranking_prefers_the_readers_channels_and_leaves_out_read_and_current() {
    let c = vec![
        summary(1, "a"),
        summary(2, "b"),
        summary(3, "c"),
        summary(4, "b"),
        summary(5, "c"),
        summary(9, "b"),
    ];
    // Most recent first: mostly channel b, once c.
    let h = vec![read(9, "b"), read(20, "b"), read(21, "c")];
    let r = ids(&rank(&c, &h, Some(ArticleId(4))));
    assert_eq!(
        r,
        vec![2, 3, 5, 1],
        "b first, then c, then the rest; 9 was read and 4 is open"
    );
}

#[wasm_bindgen_test]
fn recent_reads_weigh_more() {
    let c = vec![summary(1, "old"), summary(2, "new")];
    let h = vec![read(10, "new"), read(11, "old")];
    assert_eq!(ids(&rank(&c, &h, None)), vec![2, 1]);
}

#[wasm_bindgen_test]
fn history_keeps_the_latest_hundred_without_duplicates() {
    let mut h = Vec::new();
    for i in 0..150 {
        push(&mut h, read(i % 120, "a"));
    }
    assert_eq!(h.len(), MAX);
    assert_eq!(h[0].id, 29);
    push(&mut h, read(50, "a"));
    assert_eq!(h[0].id, 50);
    assert_eq!(h.iter().filter(|r| r.id == 50).count(), 1);
}

#[wasm_bindgen_test]
fn error_mapping_of_bad_responses() {
    match decode_response::<Article>(500, r#"{"error":{"code":"internal","message":"boom"}}"#) {
        Err(ApiError::Http {
            status: 500,
            error: Some(e),
        }) => assert_eq!(e.error.code, ErrorCode::Internal),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        decode_response::<Article>(502, "<html>proxy</html>"),
        Err(ApiError::Http {
            status: 502,
            error: None
        })
    );
    assert!(
        decode_response::<Article>(404, r#"{"error":{"code":"not_found","message":"x"}}"#)
            .unwrap_err()
            .is_not_found()
    );
    assert!(matches!(
        decode_response::<Article>(200, "<html><body>proxy error</body></html>"),
        Err(ApiError::Decode(_))
    ));
    assert!(matches!(
        decode_response::<Article>(200, r#"{"id": 1001, "title": "#),
        Err(ApiError::Decode(_))
    ));
    assert!(
        matches!(
            decode_response::<Article>(200, r#"{"id": 1001}"#),
            Err(ApiError::Decode(_))
        ),
        "missing fields"
    );
    // An unsafe origin link is refused while decoding, not rendered.
    let huge = "长".repeat(200_000);
    let body = format!(
        r#"{{"id":1,"title":"{huge}","published_at":"2017-06-16T07:32:00+08:00","origin_url":"javascript:alert(1)","channel":{{"slug":"a","name":"A"}},"breadcrumb":[],"excerpt":"","body":[],"comment_count":0}}"#
    );
    assert!(matches!(
        decode_response::<Article>(200, &body),
        Err(ApiError::Decode(_))
    ));
    let ok = body.replace("javascript:alert(1)", "https://example.com/");
    assert_eq!(
        decode_response::<Article>(200, &ok)
            .unwrap()
            .title
            .chars()
            .count(),
        200_000
    );
    // The Decode message is clipped, whatever the input.
    let e = decode_response::<Article>(200, &format!("\"{huge}")).unwrap_err();
    let ApiError::Decode(m) = e else {
        panic!("a cut-off body is a Decode error, not {e:?}")
    };
    assert!(m.chars().count() <= 200);
}

#[wasm_bindgen_test]
fn json_ld_is_escaped_json_that_cannot_close_its_script() {
    let title = "</script><script>alert(1)</script> \"引号\"";
    let a = Article {
        id: ArticleId(1001),
        title: title.into(),
        source: Some("资阳日报".into()),
        published_at: T,
        origin_url: None,
        channel: ChannelRef {
            slug: "ziyang-news".into(),
            name: "资阳新闻".into(),
        },
        breadcrumb: vec![],
        lead_image: None,
        excerpt: "摘要".into(),
        body: vec![],
        comment_count: 0,
        author: None,
        tags: vec![],
        updated_at: None,
        live: false,
    };
    let ld = difang::pages::article::json_ld(&a, "地方网");
    assert!(!ld.contains('<'), "{ld}");
    let v: serde_json::Value = serde_json::from_str(&ld).unwrap();
    assert_eq!(v["@type"], "NewsArticle");
    assert_eq!(v["headline"], title);
    assert_eq!(v["datePublished"], "2017-06-16T07:32:00+08:00");
    assert_eq!(v["author"]["name"], "资阳日报");
    assert_eq!(v["author"]["@type"], "Organization");
    assert!(v.get("image").is_none());
    assert!(v.get("dateModified").is_none());
    // A named writer is the author; an update is dateModified.
    let mut b = a.clone();
    b.author = Some("张记者".into());
    b.updated_at = Some(T + time::Duration::hours(2));
    let v: serde_json::Value =
        serde_json::from_str(&difang::pages::article::json_ld(&b, "地方网")).unwrap();
    assert_eq!(
        v["author"],
        serde_json::json!({"@type": "Person", "name": "张记者"})
    );
    assert_eq!(v["dateModified"], "2017-06-16T09:32:00+08:00");
}

#[wasm_bindgen_test]
fn routes_match_the_apps_urls_and_nothing_else() {
    use difang::routes::{article, channel, place, Route};
    assert_eq!(Route::parse("/"), Route::Home);
    assert_eq!(Route::parse("/a/1001"), Route::Article(ArticleId(1001)));
    assert_eq!(Route::parse("/a/1001/"), Route::Article(ArticleId(1001)));
    assert_eq!(Route::parse("/c/ziyang"), Route::Channel("ziyang".into()));
    assert_eq!(Route::parse("/p/sichuan"), Route::Place("sichuan".into()));
    assert_eq!(Route::parse(difang::routes::SAVED), Route::Saved);
    assert_eq!(Route::parse("/saved/"), Route::Saved);
    assert_eq!(Route::parse("/saved/1"), Route::NotFound);
    assert_eq!(Route::parse(difang::routes::SEARCH), Route::Search);
    for (kind, name) in [
        (model::ListingKind::Tag, "文明城市"),
        (model::ListingKind::Author, "a/b ?#%"),
    ] {
        assert_eq!(
            Route::parse(&kind.page(name)),
            Route::Listing(kind, name.into())
        );
    }
    assert_eq!(Route::parse("/t/"), Route::NotFound);
    assert_eq!(
        difang::routes::search("文明 城市", Some("ziyang-news"), None, None, Some("c1")),
        "/search?q=%E6%96%87%E6%98%8E%20%E5%9F%8E%E5%B8%82&channel=ziyang-news&cursor=c1"
    );
    // What the builders make, the parser reads back, also for slugs that need escaping.
    for slug in ["资阳新闻", "a b/c?d#e", "x%y"] {
        assert_eq!(Route::parse(&channel(slug)), Route::Channel(slug.into()));
        assert_eq!(Route::parse(&place(slug)), Route::Place(slug.into()));
    }
    assert_eq!(
        Route::parse(&article(ArticleId(7))),
        Route::Article(ArticleId(7))
    );
    for bad in [
        "/a",
        "/a/",
        "/a/x1",
        "/a/+1",
        "/a/-1",
        "/a/1/2",
        "/a/99999999999999999999",
        "/c/",
        "/c/%zz",
        "/c/%ff",
        "/c/a/b",
        "/x",
        "/a1001",
        "/p",
    ] {
        assert_eq!(Route::parse(bad), Route::NotFound, "{bad}");
    }
}

#[wasm_bindgen_test]
fn retry_after_comes_from_the_body_or_else_the_header() {
    // No body: the header's seconds make a rate-limited error that says when to retry.
    let e = ApiError::Http {
        status: 429,
        error: None,
    }
    .with_retry_after(Some(7));
    assert_eq!(e.retry_after(), Some(7));
    let ApiError::Http {
        error: Some(body), ..
    } = &e
    else {
        panic!("{e:?}")
    };
    assert_eq!(body.error.code, ErrorCode::RateLimited);
    // The body's own value wins over the header's.
    let mut own = model::ApiError::new(ErrorCode::RateLimited, "slow down");
    own.error.retry_after = Some(30);
    let e = ApiError::Http {
        status: 429,
        error: Some(own),
    }
    .with_retry_after(Some(7));
    assert_eq!(e.retry_after(), Some(30));
    assert_eq!(e.detail(), "HTTP 429: slow down");
    // Without the header nothing changes; other errors never carry one.
    let plain = ApiError::Http {
        status: 503,
        error: None,
    };
    assert_eq!(plain.clone().with_retry_after(None), plain);
    assert_eq!(
        ApiError::Timeout.with_retry_after(Some(5)),
        ApiError::Timeout
    );
    assert_eq!(ApiError::Timeout.retry_after(), None);
    assert_eq!(ApiError::Timeout.detail(), "timeout");
}

#[wasm_bindgen_test]
fn the_route_tables_params_read_as_routes() {
    use difang::routes::Route;
    use leptos_router::params::ParamsMap;
    let params = |key: &'static str, value: &str| {
        let mut p = ParamsMap::new();
        p.insert(key, value.to_owned());
        p
    };
    assert_eq!(
        Route::article(&params("id", "1001")),
        Route::Article(ArticleId(1001))
    );
    assert_eq!(Route::article(&params("id", "10x")), Route::NotFound);
    assert_eq!(Route::article(&ParamsMap::new()), Route::NotFound);
    assert_eq!(
        Route::channel(&params("slug", "%E8%B5%84%E9%98%B3")),
        Route::Channel("资阳".into())
    );
    assert_eq!(Route::channel(&params("slug", "%zz")), Route::NotFound);
    assert_eq!(
        Route::place(&params("slug", "sichuan")),
        Route::Place("sichuan".into())
    );
    assert_eq!(Route::home(&ParamsMap::new()), Route::Home);
}

#[wasm_bindgen_test]
fn offline_lists_keep_the_newest_once_and_are_capped() {
    use difang::offline::library::{push, Entry, RECENT_MAX};
    let entry = |id: u64| Entry {
        id,
        title: format!("t{id}"),
        channel: "c".into(),
        at: id as f64,
        images: vec![],
    };
    let mut list = Vec::new();
    for id in 0..(RECENT_MAX as u64 + 5) {
        push(&mut list, entry(id), RECENT_MAX);
    }
    assert_eq!(list.len(), RECENT_MAX);
    assert_eq!(list[0].id, RECENT_MAX as u64 + 4);
    // Opened again: moves to the front, still once.
    push(&mut list, entry(10), RECENT_MAX);
    assert_eq!(list[0].id, 10);
    assert_eq!(list.iter().filter(|e| e.id == 10).count(), 1);
    assert_eq!(list.len(), RECENT_MAX);
}
