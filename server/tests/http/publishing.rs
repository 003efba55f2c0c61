//! The publishing API: bearer tokens (401, 403, 429), putting and taking down articles (410 after, in
//! lists and widgets too), the site tree, and the tokens and `import` commands of the binary.

use crate::common::{expect_error, fixture, ids, Server};
use difang_server::auth;
use difang_server::store::{Change, Manager};
use reqwest::Response;
use serde_json::{json, Value};
use std::time::Duration;

/// Makes a token of `role` in the server's database and returns it.
async fn token(s: &Server, name: &str, role: &str) -> String {
    let t = auth::new_token().unwrap();
    s.store()
        .token_add(name, role, &auth::digest(&t))
        .await
        .unwrap();
    t
}

fn article(id: u64, title: &str) -> Value {
    json!({
        "id": id, "channel": "anyue-news", "title": title, "source": "安岳日报",
        "published_at": "2026-12-01T09:30:00+08:00", "excerpt": "摘要。",
        "author": "王记者", "tags": ["安岳", "柠檬"], "updated_at": "2026-12-01T10:00:00+08:00",
        "body": [{"type": "paragraph", "text": "正文。"},
                 {"type": "table", "head": ["镇", "产量"], "rows": [["岳阳", "1"]]}]
    })
}

async fn send(
    s: &Server,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> Response {
    let mut req = s.client.request(method.parse().unwrap(), s.url(path));
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    if let Some(b) = body {
        req = req
            .header("content-type", "application/json")
            .body(b.to_string());
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn every_refusal_has_its_status() {
    let s = Server::start().await;
    let body = article(500, "新文章");
    let put = "/api/v1/admin/articles/500";
    // No token, a malformed header, an unknown token: 401 with the scheme to use.
    let res = send(&s, "PUT", put, None, Some(&body)).await;
    assert_eq!(res.headers()["www-authenticate"], "Bearer realm=\"difang\"");
    expect_error(res, 401, "unauthorized").await;
    let res = s
        .client
        .put(s.url(put))
        .header("authorization", "Basic YWRtaW46YWRtaW4=")
        .send()
        .await
        .unwrap();
    expect_error(res, 401, "unauthorized").await;
    let forged = auth::new_token().unwrap();
    expect_error(
        send(&s, "PUT", put, Some(&forged), Some(&body)).await,
        401,
        "unauthorized",
    )
    .await;
    // A revoked token is refused at once.
    let t = token(&s, "cms", "publisher").await;
    assert!(s.store().token_revoke("cms").await.unwrap());
    expect_error(
        send(&s, "PUT", put, Some(&t), Some(&body)).await,
        401,
        "unauthorized",
    )
    .await;
    // A publisher may not change the site tree.
    let publisher = token(&s, "desk", "publisher").await;
    let site: Value = s.get_json("/api/v1/site").await;
    let res = send(
        &s,
        "PUT",
        "/api/v1/admin/site",
        Some(&publisher),
        Some(&site),
    )
    .await;
    expect_error(res, 403, "forbidden").await;
    // Failures are counted per client: four so far, six more make ten, the eleventh is a 429.
    for _ in 0..6 {
        expect_error(
            send(&s, "DELETE", put, Some(&forged), None).await,
            401,
            "unauthorized",
        )
        .await;
    }
    let res = send(&s, "DELETE", put, Some(&forged), None).await;
    assert!(res.headers().contains_key("retry-after"));
    let e = expect_error(res, 429, "rate_limited").await;
    assert!(e["retry_after"].as_u64().unwrap() >= 1);
    // Nothing was published by any of it.
    expect_error(s.get("/api/v1/articles/500").await, 404, "not_found").await;
}

#[tokio::test]
async fn bad_bodies_are_refused_with_a_reason() {
    let s = Server::start().await;
    let t = token(&s, "cms", "publisher").await;
    let put = "/api/v1/admin/articles/500";
    let mut wrong_id = article(501, "x");
    let e = expect_error(
        send(&s, "PUT", put, Some(&t), Some(&wrong_id)).await,
        400,
        "validation",
    )
    .await;
    assert_eq!(e["field"], "id");
    wrong_id["id"] = json!(500);
    wrong_id["channel"] = json!("no-such-channel");
    expect_error(
        send(&s, "PUT", put, Some(&t), Some(&wrong_id)).await,
        400,
        "bad_request",
    )
    .await;
    let mut script = article(500, "x");
    script["origin_url"] = json!("javascript:alert(1)");
    expect_error(
        send(&s, "PUT", put, Some(&t), Some(&script)).await,
        400,
        "bad_request",
    )
    .await;
    let mut html = article(500, "x");
    html["body"] = json!([{"type": "html", "text": "<script>alert(1)</script>"}]);
    expect_error(
        send(&s, "PUT", put, Some(&t), Some(&html)).await,
        400,
        "bad_request",
    )
    .await;
    let res = s
        .client
        .put(s.url(put))
        .header("authorization", format!("Bearer {t}"))
        .header("content-type", "text/plain")
        .body(article(500, "x").to_string())
        .send()
        .await
        .unwrap();
    expect_error(res, 415, "unsupported_media_type").await;
    let huge = json!({"id": 500, "body": "字".repeat(1_000_000)});
    expect_error(
        send(&s, "PUT", put, Some(&t), Some(&huge)).await,
        413,
        "payload_too_large",
    )
    .await;
    expect_error(
        send(
            &s,
            "PUT",
            "/api/v1/admin/articles/abc",
            Some(&t),
            Some(&article(500, "x")),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    expect_error(
        send(&s, "DELETE", "/api/v1/admin/articles/999", Some(&t), None).await,
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn publish_correct_take_down_and_publish_again() {
    // With the read cache on: each change must show at once all the same.
    let s = Server::start_with(|c| c.cache_ttl = Duration::from_secs(30)).await;
    let t = token(&s, "cms", "publisher").await;
    let list = "/api/v1/channels/anyue-news/articles";
    let before = s.get(list).await;
    let etag_before = before.headers()["etag"].to_str().unwrap().to_owned();
    let res = send(
        &s,
        "PUT",
        "/api/v1/admin/articles/500",
        Some(&t),
        Some(&article(500, "新文章")),
    )
    .await;
    assert_eq!(res.status(), 201);
    assert_eq!(
        res.json::<Value>().await.unwrap(),
        json!({"id": 500, "status": "created"})
    );
    let a = s.get_json("/api/v1/articles/500").await;
    assert_eq!(a["title"], "新文章");
    assert_eq!(a["author"], "王记者");
    assert_eq!(a["tags"], json!(["安岳", "柠檬"]));
    assert_eq!(a["updated_at"], "2026-12-01T10:00:00+08:00");
    assert_eq!(a["body"][1]["type"], "table");
    assert_eq!(a["breadcrumb"][3]["name"], "安岳新闻");
    assert_eq!(
        ids(&s.get_json(list).await)[0],
        500,
        "newest first in its channel"
    );
    assert_ne!(s.get(list).await.headers()["etag"], etag_before.as_str());
    // A correction replaces it and is read at once.
    let res = send(
        &s,
        "PUT",
        "/api/v1/admin/articles/500",
        Some(&t),
        Some(&article(500, "更正后的标题")),
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "updated");
    assert_eq!(
        s.get_json("/api/v1/articles/500").await["title"],
        "更正后的标题"
    );
    // A comment on it, kept through its takedown and republication.
    let posted = s
        .post_comment(
            "500",
            "publish-test-1",
            &json!({"author": "读者", "text": "好"}),
        )
        .await;
    assert_eq!(posted.status(), 201);
    // Taken down: 410 on its API, its page, its comments and widgets around it; gone from lists.
    let res = send(&s, "DELETE", "/api/v1/admin/articles/500", Some(&t), None).await;
    assert_eq!(
        res.json::<Value>().await.unwrap(),
        json!({"id": 500, "status": "gone"})
    );
    expect_error(s.get("/api/v1/articles/500").await, 410, "gone").await;
    expect_error(s.get("/api/v1/articles/500/comments").await, 410, "gone").await;
    expect_error(
        s.get("/api/v1/widgets?kinds=related&article=500").await,
        410,
        "gone",
    )
    .await;
    let page = s.get("/a/500").await;
    assert_eq!(page.status(), 410);
    assert!(page.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(!ids(&s.get_json(list).await).contains(&500));
    let ranked = s
        .get_json("/api/v1/widgets?kinds=hot-ranking,picture-highlights,guess-you-like")
        .await;
    for w in ranked["widgets"].as_array().unwrap() {
        assert!(
            !w["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["id"] == 500),
            "{w}"
        );
    }
    // Deleting again says the same.
    let res = send(&s, "DELETE", "/api/v1/admin/articles/500", Some(&t), None).await;
    assert_eq!(res.status(), 200);
    // Published again: there with its comment.
    let res = send(
        &s,
        "PUT",
        "/api/v1/admin/articles/500",
        Some(&t),
        Some(&article(500, "重新发布")),
    )
    .await;
    assert_eq!(res.status(), 201);
    let a = s.get_json("/api/v1/articles/500").await;
    assert_eq!(a["comment_count"], 1);
    assert_eq!(s.get("/a/500").await.status(), 200);
}

#[tokio::test]
async fn articles_of_another_manager_are_not_touched() {
    let s = Server::start().await;
    let t = token(&s, "cms", "publisher").await;
    // An article the WordPress sync brought in.
    let mut change = Change::new(Manager::Wordpress);
    change
        .upserts
        .push(serde_json::from_value(article(700, "来自 WordPress")).unwrap());
    s.store().apply(change).await.unwrap();
    s.handle.as_ref().unwrap().state().catch_up().await.unwrap();
    let e = expect_error(
        send(
            &s,
            "PUT",
            "/api/v1/admin/articles/700",
            Some(&t),
            Some(&article(700, "改")),
        )
        .await,
        409,
        "conflict",
    )
    .await;
    assert!(e["message"].as_str().unwrap().contains("wordpress"));
    expect_error(
        send(&s, "DELETE", "/api/v1/admin/articles/700", Some(&t), None).await,
        409,
        "conflict",
    )
    .await;
    assert_eq!(
        s.get_json("/api/v1/articles/700").await["title"],
        "来自 WordPress"
    );
    // The demo content is a starting point: the API may take it over.
    let res = send(
        &s,
        "PUT",
        "/api/v1/admin/articles/1",
        Some(&t),
        Some(&{
            let mut a = article(1, "接手的文章");
            a["channel"] = json!("ziyang-news");
            a
        }),
    )
    .await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn the_site_tree_changes_and_keeps_channels_with_articles() {
    let s = Server::start_with(|c| c.cache_ttl = Duration::from_secs(30)).await;
    let admin = token(&s, "editor-in-chief", "admin").await;
    let mut site: Value = s.get_json("/api/v1/site").await;
    site["regions"][0]["cities"][0]["channels"]
        .as_array_mut()
        .unwrap()
        .push(json!({"slug": "lezhi-news", "name": "乐至新闻", "tagline": "乐至新闻。"}));
    let res = send(&s, "PUT", "/api/v1/admin/site", Some(&admin), Some(&site)).await;
    assert_eq!(res.status(), 200);
    assert_eq!(s.get_json("/api/v1/site").await, site);
    assert_eq!(
        s.get_json("/api/v1/channels/lezhi-news/articles").await["items"],
        json!([])
    );
    // Dropping 资阳新闻, which has articles, is refused; a bad slug too.
    let mut dropped = site.clone();
    dropped["regions"][0]["cities"][0]["channels"]
        .as_array_mut()
        .unwrap()
        .remove(0);
    let e = expect_error(
        send(
            &s,
            "PUT",
            "/api/v1/admin/site",
            Some(&admin),
            Some(&dropped),
        )
        .await,
        409,
        "conflict",
    )
    .await;
    assert!(e["message"].as_str().unwrap().contains("ziyang-news"));
    let mut bad = site.clone();
    bad["regions"][0]["slug"] = json!("四川");
    expect_error(
        send(&s, "PUT", "/api/v1/admin/site", Some(&admin), Some(&bad)).await,
        400,
        "bad_request",
    )
    .await;
    assert_eq!(s.get_json("/api/v1/site").await, site);
}

/// Runs the binary with `args` on the server's store; returns (success, stdout, stderr).
fn binary(args: &[&str], s: &Server) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_difang-server"))
        .args(args)
        .args(s.store_args())
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Polls `check` until it is true (the running server reads changes made elsewhere every second).
async fn eventually(what: &str, mut check: impl AsyncFnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !check().await {
        assert!(tokio::time::Instant::now() < deadline, "never: {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn token_and_import_commands_work_beside_a_running_server() {
    let s = Server::start().await;
    let (ok, out, err) = binary(&["token", "add", "wire-desk"], &s);
    assert!(ok, "{err}");
    let t = out.lines().next().unwrap().to_owned();
    assert!(t.starts_with(auth::PREFIX), "{out}");
    let (ok, _, err) = binary(&["token", "add", "wire-desk"], &s);
    assert!(!ok && err.contains("exists"), "{err}");
    let res = send(
        &s,
        "PUT",
        "/api/v1/admin/articles/500",
        Some(&t),
        Some(&article(500, "通讯社稿件")),
    )
    .await;
    assert_eq!(res.status(), 201);
    let (ok, list, _) = binary(&["token", "list"], &s);
    assert!(ok);
    assert!(
        list.contains("wire-desk") && list.contains("publisher"),
        "{list}"
    );
    assert!(!list.contains(&t), "the list never shows a token");
    let (ok, _, _) = binary(&["token", "revoke", "wire-desk"], &s);
    assert!(ok);
    expect_error(
        send(&s, "DELETE", "/api/v1/admin/articles/500", Some(&t), None).await,
        401,
        "unauthorized",
    )
    .await;
    let (ok, _, err) = binary(&["token", "revoke", "wire-desk"], &s);
    assert!(!ok && err.contains("no live token"), "{err}");

    // `import` of a folder (the fixture's articles with a changed title, plus a new one) into the
    // running site: shown within a second, the API's article left alone.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("articles")).unwrap();
    std::fs::copy(fixture("content/site.json"), dir.path().join("site.json")).unwrap();
    let mut a2: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("content/articles/2.json")).unwrap())
            .unwrap();
    a2["title"] = json!("导入后的标题");
    std::fs::write(dir.path().join("articles/2.json"), a2.to_string()).unwrap();
    let mut api_owned = article(500, "导入想覆盖");
    api_owned["channel"] = json!("anyue-news");
    let new_one = article(600, "导入的新文章");
    std::fs::write(
        dir.path().join("articles/more.json"),
        json!([api_owned, new_one]).to_string(),
    )
    .unwrap();
    let folder = dir.path().to_str().unwrap().to_owned();
    let (ok, out, err) = binary(&["import", &folder], &s);
    assert!(ok, "{err}");
    assert!(
        out.contains("1 new, 1 updated") && out.contains("500 by api"),
        "{out}"
    );
    eventually("the import shows", async || {
        s.get_json("/api/v1/articles/2").await["title"] == "导入后的标题"
    })
    .await;
    assert_eq!(
        s.get_json("/api/v1/articles/600").await["title"],
        "导入的新文章"
    );
    assert_eq!(
        s.get_json("/api/v1/articles/500").await["title"],
        "通讯社稿件"
    );
    // A broken folder changes nothing and says why.
    std::fs::write(dir.path().join("articles/bad.json"), "{").unwrap();
    let (ok, _, err) = binary(&["import", &folder], &s);
    assert!(!ok && err.contains("bad.json"), "{err}");
}
