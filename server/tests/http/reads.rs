//! Site, channel pages (cursors), articles (views, ETag), related and every widget kind.

use crate::common::{expect_error, fixture, ids, Server};
use difang_server::sources::import;
use difang_server::store::{Change, Manager};
use model::content::ContentArticle;
use serde_json::Value;

#[tokio::test]
async fn site_with_etag_304_and_cache_headers() {
    let s = Server::start().await;
    let res = s.get("/api/v1/site").await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=30, s-maxage=300, stale-while-revalidate=60, stale-if-error=86400"
    );
    assert_eq!(res.headers()["surrogate-key"], "site");
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    assert!(etag.starts_with('"') && etag.ends_with('"') && !etag.starts_with("W/"));
    let site: model::Site = res.json().await.unwrap();
    assert_eq!(site.name, "地方网");
    assert_eq!(site.home_city().unwrap().slug, "ziyang");
    let again = s
        .client
        .get(s.url("/api/v1/site"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["etag"].to_str().unwrap(), etag);
    assert!(again.bytes().await.unwrap().is_empty());
    let other = s
        .client
        .get(s.url("/api/v1/site"))
        .header("if-none-match", "\"nope\"")
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 200);
}

#[tokio::test]
async fn compression_br_and_gzip() {
    let s = Server::start().await;
    for enc in ["br", "gzip"] {
        let res = s
            .client
            .get(s.url("/api/v1/channels/ziyang-news/articles"))
            .header("accept-encoding", enc)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-encoding"], enc);
    }
    let plain = s.get("/api/v1/site").await;
    assert!(plain.headers().get("content-encoding").is_none());
    // A strong ETag differs per content coding, and either form revalidates.
    let identity = plain.headers()["etag"].to_str().unwrap().to_owned();
    let br = s
        .client
        .get(s.url("/api/v1/site"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    let br_tag = br.headers()["etag"].to_str().unwrap().to_owned();
    assert_eq!(br_tag, format!("{}-br\"", identity.trim_end_matches('"')));
    let again = s
        .client
        .get(s.url("/api/v1/site"))
        .header("accept-encoding", "br")
        .header("if-none-match", &br_tag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["etag"].to_str().unwrap(), br_tag);
}

#[tokio::test]
async fn channel_pages_newest_first_with_cursor() {
    let s = Server::start().await;
    let all = s.get_json("/api/v1/channels/ziyang-news/articles").await;
    assert_eq!(ids(&all), [3, 1, 2, 7]);
    assert!(all["next_cursor"].is_null());
    assert_eq!(all["items"][1]["comment_count"], 3);
    assert_eq!(all["items"][1]["channel"]["name"], "资阳新闻");
    let p1 = s
        .get_json("/api/v1/channels/ziyang-news/articles?limit=2&utm_source=x")
        .await;
    assert_eq!(ids(&p1), [3, 1]);
    let cursor = p1["next_cursor"].as_str().unwrap().to_owned();
    let p2 = s
        .get_json(&format!(
            "/api/v1/channels/ziyang-news/articles?limit=2&cursor={cursor}"
        ))
        .await;
    assert_eq!(ids(&p2), [2, 7]);
    assert!(p2["next_cursor"].is_null());
    let parsed: model::Page<model::ArticleSummary> = serde_json::from_value(p1).unwrap();
    assert_eq!(parsed.items.len(), 2);
}

#[tokio::test]
async fn channel_page_errors() {
    let s = Server::start().await;
    expect_error(
        s.get("/api/v1/channels/nope/articles").await,
        404,
        "not_found",
    )
    .await;
    for bad in ["0", "51", "abc", "-1", "1.5", "99999999999"] {
        expect_error(
            s.get(&format!(
                "/api/v1/channels/ziyang-news/articles?limit={bad}"
            ))
            .await,
            400,
            "invalid_limit",
        )
        .await;
    }
    for ok in ["1", "50"] {
        assert_eq!(
            s.get(&format!("/api/v1/channels/ziyang-news/articles?limit={ok}"))
                .await
                .status(),
            200
        );
    }
    expect_error(
        s.get("/api/v1/channels/ziyang-news/articles?cursor=garbage!!")
            .await,
        400,
        "invalid_cursor",
    )
    .await;
    let p1 = s
        .get_json("/api/v1/channels/ziyang-news/articles?limit=1")
        .await;
    let cursor = p1["next_cursor"].as_str().unwrap().to_owned();
    // Tampered: change one character of a valid cursor.
    let mut bytes = cursor.clone().into_bytes();
    let i = bytes.len() / 2;
    bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(bytes).unwrap();
    expect_error(
        s.get(&format!(
            "/api/v1/channels/ziyang-news/articles?cursor={tampered}"
        ))
        .await,
        400,
        "invalid_cursor",
    )
    .await;
    // A valid cursor from another list is refused too.
    expect_error(
        s.get(&format!(
            "/api/v1/channels/anyue-news/articles?cursor={cursor}"
        ))
        .await,
        400,
        "invalid_cursor",
    )
    .await;
}

#[tokio::test]
async fn cursor_is_stable_when_a_newer_article_arrives() {
    let s = Server::start().await;
    let p1 = s
        .get_json("/api/v1/channels/ziyang-news/articles?limit=2")
        .await;
    assert_eq!(ids(&p1), [3, 1]);
    let (site, _) = import::load(&fixture("content")).unwrap();
    let newer: ContentArticle = serde_json::from_value(serde_json::json!({
        "id": 100, "channel": "ziyang-news", "title": "新文章", "published_at": "2017-07-01T08:00:00+08:00",
        "excerpt": "新", "body": []
    }))
    .unwrap();
    import::validate_article(&site, &newer).unwrap();
    let mut change = Change::new(Manager::Content);
    change.upserts.push(newer);
    s.store().apply(change).await.unwrap();
    let cursor = p1["next_cursor"].as_str().unwrap();
    let p2 = s
        .get_json(&format!(
            "/api/v1/channels/ziyang-news/articles?limit=2&cursor={cursor}"
        ))
        .await;
    assert_eq!(ids(&p2), [2, 7], "no duplicate, no gap");
    let fresh = s
        .get_json("/api/v1/channels/ziyang-news/articles?limit=2")
        .await;
    assert_eq!(ids(&fresh), [100, 3]);
}

#[tokio::test]
async fn article_and_errors() {
    let s = Server::start().await;
    let res = s.get("/api/v1/articles/1").await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["cache-control"]
        .to_str()
        .unwrap()
        .starts_with("public, max-age=30, s-maxage=300"));
    assert_eq!(res.headers()["surrogate-key"], "site a:1");
    let a: model::Article = res.json().await.unwrap();
    assert_eq!(a.title, "坚决打好文明城市创建总体仗");
    assert_eq!(a.comment_count, 3, "published comments at all levels");
    let names: Vec<&str> = a.breadcrumb.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["地方网", "四川", "资阳市", "资阳新闻"]);
    assert_eq!(a.origin_url.unwrap().as_str(), "https://www.yybnet.net/");
    assert_eq!(a.published_at.offset().whole_hours(), 8);
    for bad in [
        "999",
        "abc",
        "0",
        "-1",
        "1.0",
        "99999999999999999999",
        "%20",
    ] {
        expect_error(
            s.get(&format!("/api/v1/articles/{bad}")).await,
            404,
            "not_found",
        )
        .await;
    }
}

async fn ranking(s: &Server, window: &str) -> Vec<(u64, u64)> {
    let w = s
        .get_json(&format!(
            "/api/v1/widgets/hot-ranking?window={window}&limit=50"
        ))
        .await;
    w["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["id"].as_u64().unwrap(), i["views"].as_u64().unwrap()))
        .collect()
}

#[tokio::test]
async fn views_are_counted_by_the_beacon_once_per_reader_per_hour() {
    let s = Server::start_with(|c| c.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()]).await;
    assert!(!ranking(&s, "24h").await.iter().any(|(id, _)| *id == 6));
    let beacon = |ip: &'static str, id: &'static str| {
        s.client
            .post(s.url(&format!("/api/v1/articles/{id}/view")))
            .header("x-forwarded-for", ip)
            .send()
    };
    // Reading the article's JSON counts nothing: the page it is shown in sends the beacon.
    for _ in 0..3 {
        assert_eq!(s.get("/api/v1/articles/6").await.status(), 200);
        assert_eq!(s.get("/a/6").await.status(), 200);
    }
    for _ in 0..5 {
        let res = beacon("203.0.113.1", "6").await.unwrap();
        assert_eq!(res.status(), 204);
        assert_eq!(res.headers()["cache-control"], "no-store");
    }
    assert_eq!(beacon("2001:db8:0:1::1", "6").await.unwrap().status(), 204);
    // The same IPv6 /64 is the same reader.
    assert_eq!(beacon("2001:db8:0:1::2", "6").await.unwrap().status(), 204);
    expect_error(
        beacon("203.0.113.1", "999").await.unwrap(),
        404,
        "not_found",
    )
    .await;
    expect_error(beacon("203.0.113.1", "x").await.unwrap(), 404, "not_found").await;
    let six = || async {
        ranking(&s, "24h")
            .await
            .into_iter()
            .find(|(id, _)| *id == 6)
    };
    eventually(six).await;
    // Several flush intervals, so a wrong extra count would have arrived too.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(six().await, Some((6, 2)));
}

/// Polls `f` until it gives `Some` (views reach the database in the background), for at most 5 s.
async fn eventually<T, F, Fut>(f: F) -> T
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        if let Some(v) = f().await {
            return v;
        }
        assert!(std::time::Instant::now() < deadline, "timed out");
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
}

#[tokio::test]
async fn related_is_same_channel_nearest_in_time() {
    let s = Server::start().await;
    let w = s.get_json("/api/v1/articles/1/related").await;
    assert_eq!(w["kind"], "related");
    assert_eq!(w["title"], "相关新闻");
    assert_eq!(ids(&w), [2, 3, 7]);
    expect_error(
        s.get("/api/v1/articles/999/related").await,
        404,
        "not_found",
    )
    .await;
    expect_error(s.get("/api/v1/articles/x/related").await, 404, "not_found").await;
}

#[tokio::test]
async fn every_widget_kind() {
    let s = Server::start().await;
    let w = |kind: &'static str, q: &'static str| {
        let s = &s;
        async move { s.get_json(&format!("/api/v1/widgets/{kind}{q}")).await }
    };
    assert_eq!(ids(&w("recommended", "?article=1").await), [2, 3, 7]);
    assert_eq!(
        ids(&w("recommended", "").await),
        [2, 3, 4, 7],
        "home city without an article"
    );
    assert_eq!(ids(&w("related", "?article=1").await), [2, 3, 7]);
    assert_eq!(
        ids(&w("guess-you-like", "?article=1").await),
        [3, 4, 6, 5, 2, 8, 7],
        "channels take turns"
    );
    assert_eq!(ids(&w("channel-picks", "?article=1").await), [6, 5]);
    assert_eq!(ids(&w("hot-reading", "?article=1").await), [5, 2, 3]);
    assert_eq!(
        ids(&w("picture-highlights", "?article=1").await),
        [3, 2, 4, 5, 7]
    );
    assert_eq!(ids(&w("neighbourhood", "?article=1").await), [5]);
    assert_eq!(
        ids(&w("neighbourhood", "?article=6").await),
        [3, 1, 2, 4, 5, 8],
        "falls back to other regions"
    );
    let hot = w("hot-ranking", "").await;
    assert_eq!(ids(&hot), [5, 2, 1, 3]);
    let views: Vec<u64> = hot["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["views"].as_u64().unwrap())
        .collect();
    assert_eq!(views, [100, 50, 10, 5]);
    assert_eq!(ids(&w("hot-ranking", "?window=all&limit=2").await), [5, 2]);
    assert_eq!(ids(&w("picture-highlights", "?limit=1").await).len(), 1);
    let parsed: model::Widget =
        serde_json::from_value(w("hot-ranking", "?window=30d").await).unwrap();
    assert_eq!(parsed.kind, model::WidgetKind::HotRanking);
}

#[tokio::test]
async fn widget_set_in_requested_order() {
    let s = Server::start().await;
    let set = s
        .get_json("/api/v1/widgets?kinds=hot-ranking,related,recommended&article=1&limit=1")
        .await;
    let kinds: Vec<&str> = set["widgets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["hot-ranking", "related", "recommended"]);
    assert!(set["widgets"].as_array().unwrap().iter().all(|w| w["items"]
        .as_array()
        .unwrap()
        .len()
        == 1));
    let parsed: model::WidgetSet = serde_json::from_value(set).unwrap();
    assert_eq!(parsed.widgets.len(), 3);
    let all = s
        .get_json("/api/v1/widgets?kinds=guess-you-like,related")
        .await;
    assert_eq!(
        all["widgets"][0]["items"].as_array().unwrap().len(),
        8,
        "guess-you-like default limit 24 > corpus"
    );
}

#[tokio::test]
async fn widget_errors() {
    let s = Server::start().await;
    expect_error(s.get("/api/v1/widgets/bogus").await, 404, "not_found").await;
    expect_error(
        s.get("/api/v1/widgets?kinds=related,bogus").await,
        400,
        "bad_request",
    )
    .await;
    expect_error(s.get("/api/v1/widgets").await, 400, "bad_request").await;
    expect_error(
        s.get("/api/v1/widgets/related?article=999").await,
        404,
        "not_found",
    )
    .await;
    expect_error(
        s.get("/api/v1/widgets/related?article=abc").await,
        404,
        "not_found",
    )
    .await;
    expect_error(
        s.get("/api/v1/widgets?kinds=related&article=999").await,
        404,
        "not_found",
    )
    .await;
    for bad in ["0", "51", "x"] {
        expect_error(
            s.get(&format!("/api/v1/widgets/related?limit={bad}")).await,
            400,
            "invalid_limit",
        )
        .await;
        expect_error(
            s.get(&format!("/api/v1/widgets?kinds=related&limit={bad}"))
                .await,
            400,
            "invalid_limit",
        )
        .await;
    }
    expect_error(
        s.get("/api/v1/widgets/hot-ranking?window=1y").await,
        400,
        "bad_request",
    )
    .await;
    let v: Value = s.get_json("/api/v1/widgets/related?limit=50").await;
    assert!(v["items"].is_array());
}

#[tokio::test]
async fn hot_ranking_falls_back_to_all_time_when_the_window_is_empty() {
    let s = Server::start().await;
    // Age every recorded view by 40 days, as if the demo had been imported long ago.
    s.execute("UPDATE article_views SET hour = hour - 40 * 24")
        .await;
    let all = ranking(&s, "all").await;
    assert!(!all.is_empty());
    assert_eq!(
        ranking(&s, "24h").await,
        all,
        "empty window → all-time ranking"
    );
    assert_eq!(ranking(&s, "30d").await, all);
}
