//! Comment threads: listing, posting (validation, idempotency, rate limit, moderation), reports, paging.

use crate::common::{expect_error, ids, Server};
use serde_json::{json, Value};
use std::collections::HashSet;

fn key(n: u32) -> String {
    format!("test-key-{n:04}")
}

async fn list(s: &Server, q: &str) -> Value {
    s.get_json(&format!("/api/v1/articles/1/comments{q}")).await
}

#[tokio::test]
async fn lists_threads_with_reply_to_and_counts() {
    let s = Server::start().await;
    let res = s.get("/api/v1/articles/1/comments").await;
    assert!(res.headers()["cache-control"]
        .to_str()
        .unwrap()
        .starts_with("public, max-age=0, s-maxage=60"));
    assert_eq!(res.headers()["surrogate-key"], "a:1");
    assert!(res.headers().contains_key("etag"));
    let top: model::CommentPage = res.json().await.unwrap();
    let authors: Vec<&str> = top.items.iter().map(|c| c.author.as_str()).collect();
    assert_eq!(authors, ["王五", "张三"], "newest first");
    assert_eq!(top.total, 2);
    assert_eq!(top.article_total, Some(3), "two comments and a reply");
    assert_eq!(top.items[1].reply_count, 1);
    assert_eq!(top.items[0].reply_count, 0);
    assert!(top
        .items
        .iter()
        .all(|c| c.parent_id.is_none() && c.reply_to.is_none()));
    let oldest = list(&s, "?order=oldest").await;
    assert_eq!(oldest["items"][0]["author"], "张三");
    let parent = top.items[1].id.0;
    let replies: model::CommentPage =
        serde_json::from_value(list(&s, &format!("?parent={parent}")).await).unwrap();
    assert_eq!(replies.total, 1);
    assert_eq!(replies.article_total, None, "only top-level lists give it");
    assert!(!list(&s, &format!("?parent={parent}"))
        .await
        .as_object()
        .unwrap()
        .contains_key("article_total"));
    assert_eq!(replies.items[0].author, "李四");
    assert_eq!(replies.items[0].reply_to.as_deref(), Some("张三"));
    assert_eq!(replies.items[0].parent_id.map(|p| p.0), Some(parent));
}

#[tokio::test]
async fn list_errors() {
    let s = Server::start().await;
    expect_error(
        s.get("/api/v1/articles/999/comments").await,
        404,
        "not_found",
    )
    .await;
    expect_error(
        s.get("/api/v1/articles/abc/comments").await,
        404,
        "not_found",
    )
    .await;
    expect_error(
        s.get("/api/v1/articles/1/comments?order=random").await,
        400,
        "bad_request",
    )
    .await;
    expect_error(
        s.get("/api/v1/articles/1/comments?parent=abc").await,
        400,
        "bad_request",
    )
    .await;
    expect_error(
        s.get("/api/v1/articles/1/comments?parent=9999").await,
        404,
        "not_found",
    )
    .await;
    expect_error(
        s.get("/api/v1/articles/1/comments?cursor=xyz").await,
        400,
        "invalid_cursor",
    )
    .await;
    expect_error(
        s.get("/api/v1/articles/1/comments?limit=0").await,
        400,
        "invalid_limit",
    )
    .await;
    expect_error(
        s.get("/api/v1/articles/1/comments?limit=ten").await,
        400,
        "invalid_limit",
    )
    .await;
    // A cursor of the newest-first list does not work on the oldest-first one.
    let p = list(&s, "?limit=1").await;
    let c = p["next_cursor"].as_str().unwrap();
    expect_error(
        s.get(&format!(
            "/api/v1/articles/1/comments?limit=1&order=oldest&cursor={c}"
        ))
        .await,
        400,
        "invalid_cursor",
    )
    .await;
}

#[tokio::test]
async fn post_reply_and_counts() {
    let s = Server::start().await;
    let res = s
        .post_comment(
            "1",
            &key(1),
            &json!({"author": " 读者\u{0007} ", "text": "第一行\r\n第二行\u{202E}"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    assert_eq!(res.headers()["content-type"], "application/json");
    let c: model::Comment = res.json().await.unwrap();
    assert_eq!(c.author, "读者");
    assert_eq!(c.text, "第一行\n第二行");
    assert_eq!(c.status, model::CommentStatus::Published);
    assert_eq!(c.article_id.0, 1);
    let top = list(&s, "").await;
    assert_eq!(top["items"][0]["id"].as_u64(), Some(c.id.0));
    assert_eq!(top["total"], 3);
    let reply = s
        .post_comment(
            "1",
            &key(2),
            &json!({"author": "回复者", "text": "同意", "parent_id": c.id.0}),
        )
        .await;
    assert_eq!(reply.status(), 201);
    let r: model::Comment = reply.json().await.unwrap();
    assert_eq!(r.reply_to.as_deref(), Some("读者"));
    let top = list(&s, "").await;
    assert_eq!(top["items"][0]["reply_count"], 1);
    assert_eq!(top["total"], 3, "replies are not top-level");
    let article = s.get_json("/api/v1/articles/1").await;
    assert_eq!(article["comment_count"], 5);
    assert_eq!(
        top["article_total"], 5,
        "replies are in the article's count"
    );
}

#[tokio::test]
async fn validation_rules() {
    let s = Server::start().await;
    let cases: Vec<(Value, &str)> = vec![
        (json!({"author": "", "text": "x"}), "author"),
        (json!({"author": " \t\u{200B} ", "text": "x"}), "author"),
        (json!({"author": "资".repeat(41), "text": "x"}), "author"),
        (json!({"author": "a", "text": ""}), "text"),
        (json!({"author": "a", "text": " \n\u{0000}\n "}), "text"),
        (json!({"author": "a", "text": "😀".repeat(2001)}), "text"),
        (
            json!({"author": "a", "text": "x", "parent_id": 9999}),
            "parent_id",
        ),
    ];
    for (i, (body, field)) in cases.into_iter().enumerate() {
        let err = expect_error(
            s.post_comment("1", &key(i as u32), &body).await,
            400,
            "validation",
        )
        .await;
        assert_eq!(err["field"], field, "{body}");
    }
    // At the limits, counted in characters not bytes.
    let ok = s
        .post_comment(
            "1",
            &key(100),
            &json!({"author": "资".repeat(40), "text": "😀".repeat(2000)}),
        )
        .await;
    assert_eq!(ok.status(), 201);
    // A parent from another article is refused.
    let other = s.get_json("/api/v1/articles/1/comments").await;
    let parent = other["items"][0]["id"].as_u64().unwrap();
    let err = expect_error(
        s.post_comment(
            "2",
            &key(101),
            &json!({"author": "a", "text": "x", "parent_id": parent}),
        )
        .await,
        400,
        "validation",
    )
    .await;
    assert_eq!(err["field"], "parent_id");
}

#[tokio::test]
async fn malformed_requests() {
    let s = Server::start().await;
    let url = s.url("/api/v1/articles/1/comments");
    let body = json!({"author": "a", "text": "x"}).to_string();
    // Missing and invalid Idempotency-Key.
    let res = s
        .client
        .post(&url)
        .header("content-type", "application/json")
        .body(body.clone())
        .send()
        .await
        .unwrap();
    let err = expect_error(res, 400, "bad_request").await;
    assert!(err["message"].as_str().unwrap().contains("Idempotency-Key"));
    for bad in ["short", "has space 123", &"a".repeat(101)] {
        let res = s
            .post_comment("1", bad, &json!({"author": "a", "text": "x"}))
            .await;
        let err = expect_error(res, 400, "bad_request").await;
        assert!(err["message"].as_str().unwrap().contains("Idempotency-Key"));
    }
    let post = |ct: Option<&'static str>, body: String| {
        let mut r = s.client.post(&url).header("idempotency-key", "abcdefgh-1");
        if let Some(ct) = ct {
            r = r.header("content-type", ct);
        }
        r.body(body).send()
    };
    expect_error(
        post(Some("application/json"), "{\"author\": ".into())
            .await
            .unwrap(),
        400,
        "bad_request",
    )
    .await;
    expect_error(
        post(Some("application/json"), "{\"author\": \"a\"}".into())
            .await
            .unwrap(),
        400,
        "bad_request",
    )
    .await;
    expect_error(
        post(Some("application/json"), "[1,2]".into())
            .await
            .unwrap(),
        400,
        "bad_request",
    )
    .await;
    expect_error(
        post(Some("text/plain"), body.clone()).await.unwrap(),
        415,
        "unsupported_media_type",
    )
    .await;
    expect_error(
        post(Some("application/x-www-form-urlencoded"), "author=a".into())
            .await
            .unwrap(),
        415,
        "unsupported_media_type",
    )
    .await;
    expect_error(
        post(None, body.clone()).await.unwrap(),
        415,
        "unsupported_media_type",
    )
    .await;
    let big = json!({"author": "a", "text": "x".repeat(17 * 1024)}).to_string();
    expect_error(
        post(Some("application/json"), big).await.unwrap(),
        413,
        "payload_too_large",
    )
    .await;
    assert_eq!(
        post(Some("application/json; charset=utf-8"), body)
            .await
            .unwrap()
            .status(),
        201
    );
    expect_error(
        s.post_comment("999", &key(1), &json!({"author": "a", "text": "x"}))
            .await,
        404,
        "not_found",
    )
    .await;
    expect_error(
        s.post_comment("abc", &key(1), &json!({"author": "a", "text": "x"}))
            .await,
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn idempotent_posts() {
    let s = Server::start().await;
    let body = json!({"author": "重试者", "text": "只发一次"});
    let first = s.post_comment("1", &key(7), &body).await;
    assert_eq!(first.status(), 201);
    let first = first.bytes().await.unwrap();
    // Same cleaned body (extra spaces trim away) → the identical stored response.
    let again = s
        .post_comment(
            "1",
            &key(7),
            &json!({"author": " 重试者 ", "text": "只发一次"}),
        )
        .await;
    assert_eq!(again.status(), 201);
    assert_eq!(again.bytes().await.unwrap(), first);
    assert_eq!(list(&s, "").await["total"], 3, "one row, not two");
    let conflict = s
        .post_comment("1", &key(7), &json!({"author": "重试者", "text": "另一条"}))
        .await;
    expect_error(conflict, 409, "conflict").await;
    // Keys belong to their article: the same key on another article is another post.
    let other_article = s.post_comment("2", &key(7), &body).await;
    assert_eq!(other_article.status(), 201);
    let c: model::Comment = other_article.json().await.unwrap();
    assert_eq!(c.article_id.0, 2);
}

#[tokio::test]
async fn idempotency_keys_expire_after_a_day() {
    let s = Server::start().await;
    let day_ago = time::OffsetDateTime::now_utc() - time::Duration::hours(25);
    let old_ns = difang_server::store::nanos(day_ago);
    let insert = |article: u32, k: String| {
        format!(
            "INSERT INTO idempotency (article_id, key, request_hash, status, body, created_ns)
             VALUES ({article}, '{k}', 'another-body', 201, '{{}}', {old_ns})"
        )
    };
    s.execute(&insert(1, key(5))).await;
    // Expired: not a conflict and not a replay, a new comment.
    let res = s
        .post_comment("1", &key(5), &json!({"author": "a", "text": "一天以后"}))
        .await;
    assert_eq!(res.status(), 201);
    let c: model::Comment = res.json().await.unwrap();
    assert_eq!(c.text, "一天以后");
    let expired = format!(
        "SELECT COUNT(*) FROM idempotency WHERE created_ns < {}",
        old_ns + 1
    );
    s.execute(&insert(2, key(6))).await;
    assert_eq!(s.query(&expired).await, [[Some("1".to_owned())]]);
    // Pruning runs at least on shutdown.
    let s = s.restart().await;
    assert_eq!(
        s.query(&expired).await,
        [[Some("0".to_owned())]],
        "expired keys are pruned"
    );
}

#[tokio::test]
async fn rate_limit_with_retry_after() {
    let s = Server::start_with(|c| c.rate_limit_per_minute = 2).await;
    for n in 0..2 {
        assert_eq!(
            s.post_comment(
                "1",
                &key(n),
                &json!({"author": "a", "text": format!("{n}")})
            )
            .await
            .status(),
            201
        );
    }
    let res = s
        .post_comment("1", &key(9), &json!({"author": "a", "text": "third"}))
        .await;
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry));
    let err = expect_error(res, 429, "rate_limited").await;
    assert_eq!(err["retry_after"].as_u64(), Some(retry));
    // A replay is not a new post and is not limited.
    let replay = s
        .post_comment("1", &key(0), &json!({"author": "a", "text": "0"}))
        .await;
    assert_eq!(replay.status(), 201);
}

#[tokio::test]
async fn moderation_holds_comments() {
    let s = Server::start_with(|c| c.moderation = true).await;
    let res = s
        .post_comment("1", &key(1), &json!({"author": "a", "text": "待审"}))
        .await;
    assert_eq!(res.status(), 201);
    let c: model::Comment = res.json().await.unwrap();
    assert_eq!(c.status, model::CommentStatus::Pending);
    let top = list(&s, "").await;
    assert_eq!(top["total"], 2);
    assert!(!ids(&top).contains(&c.id.0));
    assert_eq!(s.get_json("/api/v1/articles/1").await["comment_count"], 3);
    let reply = s
        .post_comment(
            "1",
            &key(2),
            &json!({"author": "a", "text": "x", "parent_id": c.id.0}),
        )
        .await;
    assert_eq!(
        expect_error(reply, 400, "validation").await["field"],
        "parent_id"
    );
    // Replying to a published comment is held too, and not counted in reply_count.
    let parent = ids(&top)[0];
    s.post_comment(
        "1",
        &key(3),
        &json!({"author": "a", "text": "x", "parent_id": parent}),
    )
    .await;
    assert_eq!(list(&s, "").await["items"][0]["reply_count"], 0);
}

#[tokio::test]
async fn pages_through_120_comments_without_gaps() {
    let s = Server::start().await;
    for n in 0..120 {
        let res = s
            .post_comment(
                "6",
                &key(n),
                &json!({"author": "读者", "text": format!("第{n}条")}),
            )
            .await;
        assert_eq!(res.status(), 201);
    }
    for order in ["newest", "oldest"] {
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let q = match &cursor {
                Some(c) => format!("?order={order}&limit=50&cursor={c}"),
                None => format!("?order={order}&limit=50"),
            };
            let page = s.get_json(&format!("/api/v1/articles/6/comments{q}")).await;
            assert_eq!(page["total"], 120);
            seen.extend(ids(&page));
            match page["next_cursor"].as_str() {
                Some(c) => cursor = Some(c.to_owned()),
                None => break,
            }
        }
        assert_eq!(seen.len(), 120);
        assert_eq!(
            seen.iter().collect::<HashSet<_>>().len(),
            120,
            "no duplicates"
        );
        let mut sorted = seen.clone();
        sorted.sort();
        if order == "newest" {
            sorted.reverse();
        }
        assert_eq!(seen, sorted, "{order}: in order, no gaps");
    }
}

#[tokio::test]
async fn comments_survive_a_restart() {
    let s = Server::start().await;
    let res = s
        .post_comment(
            "1",
            &key(1),
            &json!({"author": "持久", "text": "重启后还在"}),
        )
        .await;
    let first = res.bytes().await.unwrap();
    let s = s.restart().await;
    let top = list(&s, "").await;
    assert_eq!(top["items"][0]["author"], "持久");
    assert_eq!(top["total"], 3);
    let replay = s
        .post_comment(
            "1",
            &key(1),
            &json!({"author": "持久", "text": "重启后还在"}),
        )
        .await;
    assert_eq!(replay.bytes().await.unwrap(), first);
    // The import ran once: the fixture articles are not duplicated.
    assert_eq!(
        ids(&s.get_json("/api/v1/channels/ziyang-news/articles").await),
        [3, 1, 2, 7]
    );
}

async fn report(s: &Server, id: u64, ct: Option<&str>, body: &str) -> reqwest::Response {
    let mut req = s
        .client
        .post(s.url(&format!("/api/v1/comments/{id}/report")))
        .body(body.to_owned());
    if let Some(ct) = ct {
        req = req.header("content-type", ct);
    }
    req.send().await.unwrap()
}

const JSON: Option<&str> = Some("application/json");

#[tokio::test]
async fn reports() {
    let s = Server::start().await;
    let top = list(&s, "").await;
    let id = ids(&top)[0];
    let other = ids(&top)[1];
    let res = report(&s, id, JSON, "{}").await;
    assert_eq!(res.status(), 202);
    assert_eq!(
        res.json::<Value>().await.unwrap(),
        json!({"status": "received"})
    );
    // The same reader again: answered alike, stored once.
    assert_eq!(
        report(&s, id, JSON, r#"{"reason":"广告"}"#).await.status(),
        202
    );
    assert_eq!(
        report(&s, other, JSON, r#"{"reason":"广告"}"#)
            .await
            .status(),
        202
    );
    let long = json!({"reason": "坏".repeat(501)}).to_string();
    assert_eq!(
        expect_error(report(&s, id, JSON, &long).await, 400, "validation").await["field"],
        "reason"
    );
    // Every POST needs a JSON content type: a plain cross-site form cannot send one.
    for (ct, body) in [
        (None, ""),
        (Some("text/plain"), "spam"),
        (Some("application/x-www-form-urlencoded"), "reason=x"),
        (Some("multipart/form-data; boundary=x"), ""),
    ] {
        expect_error(
            report(&s, id, ct, body).await,
            415,
            "unsupported_media_type",
        )
        .await;
    }
    for body in ["{oops", "", "[]", r#"{"reason": 5}"#] {
        expect_error(report(&s, id, JSON, body).await, 400, "bad_request").await;
    }
    for bad in ["9999", "abc"] {
        let res = s
            .client
            .post(s.url(&format!("/api/v1/comments/{bad}/report")))
            .header("content-type", "application/json")
            .body("{}")
            .send()
            .await
            .unwrap();
        expect_error(res, 404, "not_found").await;
    }
    let stored = s.query("SELECT reason FROM reports ORDER BY id").await;
    assert_eq!(
        stored,
        [[None], [Some("广告".to_owned())]],
        "one per reader per comment"
    );
}

#[tokio::test]
async fn pending_comments_are_reported_like_unknown_ones() {
    let s = Server::start_with(|c| c.moderation = true).await;
    let res = s
        .post_comment("1", &key(1), &json!({"author": "a", "text": "待审"}))
        .await;
    let pending: model::Comment = res.json().await.unwrap();
    let unknown = report(&s, 9999, JSON, "{}").await;
    let held = report(&s, pending.id.0, JSON, "{}").await;
    assert_eq!(held.status(), unknown.status());
    assert_eq!(
        expect_error(held, 404, "not_found").await,
        expect_error(unknown, 404, "not_found").await
    );
}

#[tokio::test]
async fn reports_are_rate_limited_per_reader() {
    let s = Server::start_with(|c| {
        c.rate_limit_per_minute = 3;
        c.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
    })
    .await;
    let id = ids(&list(&s, "").await)[0];
    let from = |ip: &'static str| {
        s.client
            .post(s.url(&format!("/api/v1/comments/{id}/report")))
            .header("content-type", "application/json")
            .header("x-forwarded-for", ip)
            .body("{}")
    };
    for _ in 0..3 {
        assert_eq!(from("203.0.113.1").send().await.unwrap().status(), 202);
    }
    let res = from("203.0.113.1").send().await.unwrap();
    let err = expect_error(res, 429, "rate_limited").await;
    assert!((1..=60).contains(&err["retry_after"].as_u64().unwrap()));
    assert_eq!(from("203.0.113.2").send().await.unwrap().status(), 202);
    // Comment posts have their own budget.
    let posted = s
        .client
        .post(s.url("/api/v1/articles/1/comments"))
        .header("content-type", "application/json")
        .header("idempotency-key", key(1))
        .header("x-forwarded-for", "203.0.113.1")
        .body(json!({"author": "a", "text": "x"}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), 201);
}
