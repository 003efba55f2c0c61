//! Wrong methods (405 + Allow) and unknown API paths: always the JSON error shape.

use crate::common::{expect_error, Server};

#[tokio::test]
async fn wrong_method_is_405_json_with_allow() {
    let s = Server::start().await;
    let cases = [
        ("POST", "/api/v1/site", "GET"),
        ("DELETE", "/api/v1/articles/1", "GET"),
        ("PUT", "/api/v1/articles/1/comments", "POST"),
        ("GET", "/api/v1/comments/1/report", "POST"),
        ("PATCH", "/api/v1/widgets/related", "GET"),
        ("POST", "/api/v1/channels/ziyang-news/articles", "GET"),
    ];
    for (method, path, allowed) in cases {
        let res = s
            .client
            .request(method.parse().unwrap(), s.url(path))
            .send()
            .await
            .unwrap();
        let allow = res
            .headers()
            .get("allow")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        assert!(
            allow.contains(allowed),
            "{method} {path}: Allow = {allow:?}"
        );
        expect_error(res, 405, "method_not_allowed").await;
    }
}

#[tokio::test]
async fn unknown_api_paths_are_404_json() {
    let s = Server::start().await;
    for path in [
        "/api/v1/nope",
        "/api/v2/site",
        "/api",
        "/api/",
        "/api/v1/site/extra",
        "/api/v1/articles/1/nope",
    ] {
        expect_error(s.get(path).await, 404, "not_found").await;
    }
    let res = s.client.post(s.url("/api/v1/nope")).send().await.unwrap();
    expect_error(res, 404, "not_found").await;
}
