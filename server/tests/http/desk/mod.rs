//! The desk: its accounts and front door (`login.rs`), its queue (`moderation.rs`), its reports and
//! blocks (`reports.rs`), hiding and removing comments (`takedowns.rs`) and closing articles' comments
//! (`closing.rs`), with the helpers they use: the `user` command, a browser that keeps no cookies,
//! logging in.

mod closing;
mod login;
mod moderation;
mod reports;
mod takedowns;

use crate::common::Server;
use reqwest::redirect::Policy;
use reqwest::{Client, Response};

pub const PASSWORD: &str = "资阳新闻编辑部-2026";

/// Runs the binary's `user` command with `DIFANG_PASSWORD` (unless `None`) on the server's store.
pub fn user(s: &Server, args: &[&str], password: Option<&str>) -> (bool, String, String) {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_difang-server"));
    cmd.arg("user").args(args).args(s.store_args());
    cmd.env_remove("DIFANG_PASSWORD");
    if let Some(p) = password {
        cmd.env("DIFANG_PASSWORD", p);
    }
    let out = cmd.stdin(std::process::Stdio::null()).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A browser that does not follow redirects and keeps no cookies (the tests carry them).
pub fn browser() -> Client {
    Client::builder().redirect(Policy::none()).build().unwrap()
}

/// The value of cookie `name` that `res` sets, and the whole Set-Cookie line.
pub fn set_cookie(res: &Response, name: &str) -> Option<(String, String)> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|l| l.starts_with(&format!("{name}=")))
        .map(|l| {
            let value = l[name.len() + 1..].split(';').next().unwrap().to_owned();
            (value, l)
        })
}

/// The login form's page: its CSRF token (hidden field) and the matching cookie.
pub async fn login_form(s: &Server, b: &Client) -> (String, String) {
    let res = b.get(s.url("/desk/login")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let (cookie, _) = set_cookie(&res, "difang_desk_login").expect("the form's cookie");
    let html = res.text().await.unwrap();
    let token = html
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("the form's token")
        .to_owned();
    assert_eq!(token, cookie, "the form carries the token its cookie holds");
    (token, cookie)
}

pub async fn post_login(
    s: &Server,
    b: &Client,
    form: (&str, &str),
    name: &str,
    password: &str,
    forwarded: Option<&str>,
) -> Response {
    let mut req = b
        .post(s.url("/desk/login"))
        .header("cookie", format!("difang_desk_login={}", form.1))
        .form(&[("username", name), ("password", password), ("csrf", form.0)]);
    if let Some(f) = forwarded {
        req = req.header("x-forwarded-for", f);
    }
    req.send().await.unwrap()
}

/// Logs in; returns the session cookie's value.
pub async fn log_in(s: &Server, b: &Client, name: &str) -> String {
    let (token, cookie) = login_form(s, b).await;
    let res = post_login(s, b, (&token, &cookie), name, PASSWORD, None).await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    assert_eq!(res.headers()["location"], "/desk");
    set_cookie(&res, "difang_desk")
        .expect("the session cookie")
        .0
}

pub async fn session(s: &Server, b: &Client, cookie: &str) -> Response {
    b.get(s.url("/api/v1/desk/session"))
        .header("cookie", format!("difang_desk={cookie}"))
        .send()
        .await
        .unwrap()
}

/// A desk request with the session cookie, and the CSRF header when given.
pub async fn desk_call(
    s: &Server,
    b: &Client,
    method: &str,
    path: &str,
    sid: &str,
    csrf: Option<&str>,
) -> Response {
    let mut req = b
        .request(method.parse().unwrap(), s.url(path))
        .header("cookie", format!("difang_desk={sid}"));
    if let Some(t) = csrf {
        req = req.header("x-csrf-token", t);
    }
    req.send().await.unwrap()
}

pub async fn csrf_of(s: &Server, b: &Client, sid: &str) -> String {
    let me: serde_json::Value = session(s, b, sid).await.json().await.unwrap();
    me["csrf"].as_str().unwrap().to_owned()
}
