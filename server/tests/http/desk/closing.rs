//! Closing and opening an article's comments: the desk's article list (newest first, a title search),
//! the refusals, the reader's `closed` on the very next request, `comments_closed` for a post, the
//! audit lines, and posting again once open.

use super::{browser, csrf_of, desk_call, log_in, user, PASSWORD};
use crate::common::{expect_error, Server};
use serde_json::Value;

#[tokio::test]
async fn an_editor_closes_and_opens_an_articles_comments() {
    let s = Server::start().await;
    assert!(user(&s, &["add", "ed.b", "--role", "editor"], Some(PASSWORD)).0);
    let b = browser();
    expect_error(
        desk_call(&s, &b, "GET", "/api/v1/desk/articles", "none", None).await,
        401,
        "unauthorized",
    )
    .await;
    let e = log_in(&s, &b, "ed.b").await;
    let csrf = csrf_of(&s, &b, &e).await;

    // The desk's list: newest first, every article open, a title search, a bad limit.
    let list = async |path: &str| -> Value {
        let res = desk_call(&s, &b, "GET", path, &e, None).await;
        assert_eq!(res.status(), 200, "{path}");
        res.json().await.unwrap()
    };
    let all = list("/api/v1/desk/articles?limit=10").await;
    let items = all["items"].as_array().unwrap();
    assert!(items.len() >= 2, "{all}");
    let times: Vec<time::OffsetDateTime> = items
        .iter()
        .map(|a| {
            time::OffsetDateTime::parse(
                a["published_at"].as_str().unwrap(),
                &time::format_description::well_known::Rfc3339,
            )
            .unwrap()
        })
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");
    assert!(items.iter().all(|a| a["comments_open"] == true));
    let article = items[0]["id"].as_u64().unwrap();
    let title = items[0]["title"].as_str().unwrap().to_owned();
    let part: String = title.chars().skip(1).take(3).collect();
    let found = list(&format!("/api/v1/desk/articles?q={}", urlencode(&part))).await;
    let found = found["items"].as_array().unwrap();
    assert!(found.iter().any(|a| a["id"] == article));
    assert!(found
        .iter()
        .all(|a| a["title"].as_str().unwrap().contains(&part)));
    let none = list("/api/v1/desk/articles?q=%E6%B2%A1%E6%9C%89%E8%BF%99%E7%AF%87zzz").await;
    assert_eq!(none["items"], serde_json::json!([]));
    expect_error(
        desk_call(&s, &b, "GET", "/api/v1/desk/articles?limit=0", &e, None).await,
        400,
        "validation",
    )
    .await;
    let comments = list(&format!("/api/v1/desk/comments?article={article}")).await;
    assert!(comments["items"].is_array());
    expect_error(
        desk_call(&s, &b, "GET", "/api/v1/desk/comments", &e, None).await,
        400,
        "validation",
    )
    .await;
    expect_error(
        desk_call(
            &s,
            &b,
            "GET",
            "/api/v1/desk/comments?article=987654",
            &e,
            None,
        )
        .await,
        404,
        "not_found",
    )
    .await;

    let reader_path = format!("/api/v1/articles/{article}/comments");
    let first = s.get(&reader_path).await;
    assert_eq!(first.status(), 200);
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    let page: Value = first.json().await.unwrap();
    assert!(page.get("closed").is_none(), "open is the default: {page}");

    // Refusals: no CSRF token, no such article, no such action.
    let close = format!("/api/v1/desk/articles/{article}/close");
    expect_error(
        desk_call(&s, &b, "POST", &close, &e, None).await,
        403,
        "forbidden",
    )
    .await;
    expect_error(
        desk_call(
            &s,
            &b,
            "POST",
            "/api/v1/desk/articles/987654/close",
            &e,
            Some(&csrf),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    expect_error(
        desk_call(
            &s,
            &b,
            "POST",
            &format!("/api/v1/desk/articles/{article}/lock"),
            &e,
            Some(&csrf),
        )
        .await,
        404,
        "not_found",
    )
    .await;

    // Close: the reader's next request says so, and a post is refused.
    let res = desk_call(&s, &b, "POST", &close, &e, Some(&csrf)).await;
    assert_eq!(res.status(), 200);
    let done: Value = res.json().await.unwrap();
    assert_eq!(
        done,
        serde_json::json!({"id": article, "comments_open": false})
    );
    let next = s
        .client
        .get(s.url(&reader_path))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(
        next.status(),
        200,
        "the closed thread is sent again, not a 304"
    );
    let page: Value = next.json().await.unwrap();
    assert_eq!(page["closed"], true);
    let body = serde_json::json!({"author": "读者", "text": "关了还能发吗"});
    let err = expect_error(
        s.post_comment(&article.to_string(), "closed-post-001", &body)
            .await,
        403,
        "comments_closed",
    )
    .await;
    assert!(err["message"].as_str().unwrap().contains("关闭"));
    let listed = list("/api/v1/desk/articles?limit=10").await;
    let mine = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == article)
        .unwrap()
        .clone();
    assert_eq!(mine["comments_open"], false);

    // Open: posting works again, and the reader's list no longer says closed.
    let open = format!("/api/v1/desk/articles/{article}/open");
    let res = desk_call(&s, &b, "POST", &open, &e, Some(&csrf)).await;
    assert_eq!(res.status(), 200);
    let posted = s
        .post_comment(&article.to_string(), "closed-post-001", &body)
        .await;
    assert_eq!(posted.status(), 201);
    let page = s.get_json(&reader_path).await;
    assert!(page.get("closed").is_none(), "{page}");
    assert_eq!(page["items"][0]["text"], "关了还能发吗");

    let audit = list("/api/v1/desk/audit").await;
    let lines: Vec<&Value> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["target"] == format!("article:{article}"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["action"], "open");
    assert_eq!(
        lines[0]["after"],
        serde_json::json!({"comments_open": true})
    );
    assert_eq!(lines[1]["action"], "close");
    assert_eq!(lines[1]["actor"], "ed.b");
    assert_eq!(
        lines[1]["before"],
        serde_json::json!({"comments_open": true})
    );
    assert_eq!(
        lines[1]["after"],
        serde_json::json!({"comments_open": false})
    );
}

/// Percent-encodes a query value (UTF-8 bytes).
fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
