//! The desk's reports and blocks: reports grouped by comment, dismissing them, blocking an address for a
//! time, and their audit lines.

use super::{browser, csrf_of, desk_call, log_in, user, PASSWORD};
use crate::common::Server;
use reqwest::Response;

/// A reader's request through a trusted proxy that names them `client`.
async fn as_reader(
    s: &Server,
    client: &str,
    path: &str,
    key: &str,
    body: serde_json::Value,
) -> Response {
    s.client
        .post(s.url(path))
        .header("content-type", "application/json")
        .header("idempotency-key", key)
        .header("x-forwarded-for", client)
        .body(body.to_string())
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn reports_are_grouped_and_dismissed_and_an_address_is_blocked_for_a_time() {
    let s = Server::start_with(|c| c.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()]).await;
    assert!(user(&s, &["add", "mod.a", "--role", "moderator"], Some(PASSWORD)).0);
    let b = browser();
    let posted = as_reader(
        &s,
        "198.51.100.20",
        "/api/v1/articles/4/comments",
        "desk-block-0001",
        serde_json::json!({"author": "吵架的人", "text": "一条被举报的评论"}),
    )
    .await;
    assert_eq!(posted.status(), 201);
    let id = posted.json::<serde_json::Value>().await.unwrap()["id"]
        .as_u64()
        .unwrap();
    for (n, reason) in [Some("广告"), Some("辱骂"), None].iter().enumerate() {
        let body = match reason {
            Some(r) => serde_json::json!({ "reason": r }),
            None => serde_json::json!({}),
        };
        let res = as_reader(
            &s,
            &format!("203.0.113.{n}"),
            &format!("/api/v1/comments/{id}/report"),
            "unused-key-01",
            body,
        )
        .await;
        assert_eq!(res.status(), 202);
    }
    let m = log_in(&s, &b, "mod.a").await;
    let csrf = csrf_of(&s, &b, &m).await;
    let reports: serde_json::Value = desk_call(&s, &b, "GET", "/api/v1/desk/reports", &m, None)
        .await
        .json()
        .await
        .unwrap();
    let first = &reports["items"][0];
    assert_eq!(first["comment"]["id"], id);
    assert_eq!(first["comment"]["text"], "一条被举报的评论");
    assert_eq!(first["count"], 3);
    assert_eq!(first["reasons"], serde_json::json!(["广告", "辱骂"]));
    let summary: serde_json::Value = desk_call(&s, &b, "GET", "/api/v1/desk/summary", &m, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(summary["reported"], 1);

    // Dismissed: the reports go, the comment stays.
    let dismiss = format!("/api/v1/desk/comments/{id}/dismiss");
    assert_eq!(
        desk_call(&s, &b, "POST", &dismiss, &m, None).await.status(),
        403,
        "no CSRF token"
    );
    let res = desk_call(&s, &b, "POST", &dismiss, &m, Some(&csrf)).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap()["dismissed"],
        3
    );
    let reports: serde_json::Value = desk_call(&s, &b, "GET", "/api/v1/desk/reports", &m, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(reports["items"], serde_json::json!([]));
    assert!(s
        .get_json("/api/v1/articles/4/comments")
        .await
        .to_string()
        .contains("一条被举报的评论"));

    // Blocked: that address posts nothing for the time given; others still post.
    let block = format!("/api/v1/desk/comments/{id}/block?hours=2");
    assert_eq!(
        desk_call(
            &s,
            &b,
            "POST",
            &format!("/api/v1/desk/comments/{id}/block?hours=0"),
            &m,
            Some(&csrf)
        )
        .await
        .status(),
        400
    );
    let res = desk_call(&s, &b, "POST", &block, &m, Some(&csrf)).await;
    assert_eq!(res.status(), 200);
    let blocked: serde_json::Value = res.json().await.unwrap();
    assert_eq!(blocked["address"], "198.51.100.20");
    let refused = as_reader(
        &s,
        "198.51.100.20",
        "/api/v1/articles/4/comments",
        "desk-block-0002",
        serde_json::json!({"author": "吵架的人", "text": "又来了"}),
    )
    .await;
    assert_eq!(refused.status(), 403);
    assert_eq!(
        refused.json::<serde_json::Value>().await.unwrap()["error"]["code"],
        "forbidden"
    );
    let other = as_reader(
        &s,
        "198.51.100.21",
        "/api/v1/articles/4/comments",
        "desk-block-0003",
        serde_json::json!({"author": "别人", "text": "我可以发"}),
    )
    .await;
    assert_eq!(other.status(), 201);
    // The block ends when its time is up.
    s.execute("UPDATE blocks SET until_ns = 0").await;
    let again = as_reader(
        &s,
        "198.51.100.20",
        "/api/v1/articles/4/comments",
        "desk-block-0004",
        serde_json::json!({"author": "吵架的人", "text": "冷静了"}),
    )
    .await;
    assert_eq!(again.status(), 201);

    let audit: serde_json::Value = desk_call(&s, &b, "GET", "/api/v1/desk/audit", &m, None)
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["block", "dismiss", "login"]);
    assert_eq!(audit["items"][0]["target"], "address:198.51.100.20");
    assert_eq!(
        audit["items"][1]["before"],
        serde_json::json!({"reports": 3})
    );
    // A comment with no address kept (the fixture's) cannot be blocked.
    let fixture = s
        .query("SELECT id FROM comments WHERE client IS NULL LIMIT 1")
        .await;
    let row = fixture
        .first()
        .expect("the fixture's comments keep no address");
    let path = format!("/api/v1/desk/comments/{}/block", row[0].as_deref().unwrap());
    assert_eq!(
        desk_call(&s, &b, "POST", &path, &m, Some(&csrf))
            .await
            .status(),
        409
    );
}
