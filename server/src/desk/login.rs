//! The desk's front door: `GET`/`POST /desk/login` (a plain form: it works without JavaScript),
//! `POST /desk/logout`, `GET /desk` (who is logged in) and `GET /api/v1/desk/session` (the account and
//! its CSRF token, for the desk's screens). Every answer is `no-store` and never framed; logins and
//! logouts go into the audit log.
//!
//! Refusals: a form without its CSRF token → 403; too many attempts from one client or on one account →
//! 429 with Retry-After; a wrong name or password (or a disabled account) → 401, the same answer for
//! each, after the same work (a decoy hash for unknown names).

use crate::client::Client;
use crate::desk::accounts;
use crate::desk::session::{self, Session, LOGIN_COOKIE};
use crate::error::{AppError, AppResult};
use crate::meta::escape_html;
use crate::State;
use axum::extract::{Query, State as S};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use model::ErrorCode;
use serde::Deserialize;
use std::time::Duration;

/// Login attempts per client and per account name in any rolling minute.
pub const ATTEMPTS_PER_MINUTE: u32 = 10;

/// The desk's words in its two languages.
struct Words {
    lang: &'static str,
    title: &'static str,
    username: &'static str,
    password: &'static str,
    log_in: &'static str,
    wrong: &'static str,
    expired: &'static str,
    too_many: &'static str,
}

const ZH: Words = Words {
    lang: "zh-CN",
    title: "编辑台",
    username: "用户名",
    password: "密码",
    log_in: "登录",
    wrong: "用户名或密码错误。",
    expired: "表单已过期,请再试一次。",
    too_many: "尝试次数过多,请稍后再试。",
};

const EN: Words = Words {
    lang: "en",
    title: "Desk",
    username: "Username",
    password: "Password",
    log_in: "Log in",
    wrong: "Wrong username or password.",
    expired: "The form expired; please try again.",
    too_many: "Too many attempts; please wait a moment.",
};

#[derive(Deserialize, Default)]
pub struct Lang {
    lang: Option<String>,
}

impl Lang {
    fn words(&self) -> &'static Words {
        if self.lang.as_deref() == Some("en") {
            &EN
        } else {
            &ZH
        }
    }
}

/// A desk page: escaped text only, no script.
fn page(w: &Words, status: StatusCode, body: &str) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex\"><title>{title} · 地方网</title>\
         <style>body{{font:16px/1.6 system-ui,sans-serif;max-width:26rem;margin:2rem auto;padding:0 1rem}}\
         label{{display:block;margin:.75rem 0 .25rem}}input{{font:inherit;width:100%;box-sizing:border-box;\
         padding:.5rem}}button{{font:inherit;margin-top:1rem;padding:.5rem 1.25rem}}\
         .error{{color:#b00020}}</style></head><body><main><h1>{title}</h1>{body}</main></body></html>",
        lang = w.lang,
        title = w.title,
    );
    let mut res = (status, html).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// The login form with a fresh CSRF token (also set as its cookie) and an optional error.
fn form(state: &State, w: &Words, status: StatusCode, error: Option<&str>, name: &str) -> Response {
    let token = match session::random_token() {
        Ok(t) => t,
        Err(e) => return e.into_response(),
    };
    let error = error
        .map(|e| format!("<p class=\"error\" role=\"alert\">{}</p>", escape_html(e)))
        .unwrap_or_default();
    let action = if w.lang == "en" {
        "/desk/login?lang=en"
    } else {
        "/desk/login"
    };
    let body = format!(
        "{error}<form method=\"post\" action=\"{action}\">\
         <input type=\"hidden\" name=\"csrf\" value=\"{token}\">\
         <label for=\"username\">{username}</label>\
         <input id=\"username\" name=\"username\" autocomplete=\"username\" required value=\"{name}\">\
         <label for=\"password\">{password}</label>\
         <input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>\
         <button type=\"submit\">{log_in}</button></form>",
        username = w.username,
        password = w.password,
        log_in = w.log_in,
        name = escape_html(name),
    );
    let mut res = page(w, status, &body);
    res.headers_mut().append(
        header::SET_COOKIE,
        session::set_cookie(state, LOGIN_COOKIE, &token, Duration::from_secs(3600)),
    );
    res
}

pub(super) fn see_other(to: &'static str) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    let h = res.headers_mut();
    h.insert(header::LOCATION, HeaderValue::from_static(to));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// `GET /desk/login`.
pub async fn login_form(
    S(state): S<State>,
    Query(lang): Query<Lang>,
    headers: HeaderMap,
) -> AppResult<Response> {
    if session::current(&state, &headers).await?.is_some() {
        return Ok(see_other("/desk"));
    }
    Ok(form(&state, lang.words(), StatusCode::OK, None, ""))
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
}

/// `POST /desk/login`.
pub async fn login(
    S(state): S<State>,
    Query(lang): Query<Lang>,
    client: Client,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> AppResult<Response> {
    let w = lang.words();
    let expected = crate::client::cookie(&headers, LOGIN_COOKIE).unwrap_or_default();
    if expected.is_empty() || !session::same(&f.csrf, &expected) {
        return Ok(form(
            &state,
            w,
            StatusCode::FORBIDDEN,
            Some(w.expired),
            &f.username,
        ));
    }
    let name = f.username.trim().to_owned();
    let limited = state
        .login_clients
        .acquire(client.0)
        .and_then(|()| state.login_accounts.acquire(name.to_lowercase()));
    if let Err(wait) = limited {
        tracing::warn!(client = %client.0, account = %name, "desk login attempts over the limit");
        let mut res = form(
            &state,
            w,
            StatusCode::TOO_MANY_REQUESTS,
            Some(w.too_many),
            &name,
        );
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(wait));
        return Ok(res);
    }
    let found = if accounts::valid_name(&name) {
        state.store.user_for_login(&name).await?
    } else {
        None
    };
    let hash = found
        .as_ref()
        .map_or_else(|| accounts::decoy().to_owned(), |u| u.password_hash.clone());
    let password = f.password;
    let ok = tokio::task::spawn_blocking(move || accounts::verify(&password, &hash))
        .await
        .map_err(|e| AppError::Internal(format!("password check: {e}")))?;
    let Some(user) = found.filter(|_| ok) else {
        tracing::info!(client = %client.0, account = %name, "desk login refused");
        return Ok(form(
            &state,
            w,
            StatusCode::UNAUTHORIZED,
            Some(w.wrong),
            &name,
        ));
    };
    let cookie = session::start(&state, user.id).await?;
    tracing::info!(account = %name, "desk login");
    state
        .store
        .audit_add(crate::store::AuditLine {
            actor: &name,
            action: "login",
            target: format!("account:{name}"),
            before: serde_json::Value::Null,
            after: serde_json::json!({ "client": client.0.to_string() }),
        })
        .await?;
    // The desk opens in the language the form was in.
    let mut res = see_other(if w.lang == "en" {
        "/desk?lang=en"
    } else {
        "/desk"
    });
    let h = res.headers_mut();
    h.append(header::SET_COOKIE, cookie);
    h.append(
        header::SET_COOKIE,
        session::set_cookie(&state, LOGIN_COOKIE, "", Duration::ZERO),
    );
    Ok(res)
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

/// `POST /desk/logout`: needs the session's CSRF token.
pub async fn logout(
    S(state): S<State>,
    Query(lang): Query<Lang>,
    headers: HeaderMap,
    Form(f): Form<CsrfForm>,
) -> AppResult<Response> {
    let Some(s) = session::current(&state, &headers).await? else {
        return Ok(see_other("/desk/login"));
    };
    if !session::csrf_ok(&s, Some(&f.csrf)) {
        return Ok(page(
            lang.words(),
            StatusCode::FORBIDDEN,
            &format!("<p class=\"error\">{}</p>", lang.words().expired),
        ));
    }
    let cookie = session::end(&state, &s).await?;
    state
        .store
        .audit_add(crate::store::AuditLine {
            actor: &s.name,
            action: "logout",
            target: format!("account:{}", s.name),
            before: serde_json::Value::Null,
            after: serde_json::Value::Null,
        })
        .await?;
    let mut res = see_other("/desk/login");
    res.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(res)
}

/// `GET /api/v1/desk/session` → `{name, role, csrf}`, or 401.
pub async fn session_info(S(state): S<State>, headers: HeaderMap) -> AppResult<Response> {
    let s: Session = session::current(&state, &headers).await?.ok_or_else(|| {
        AppError::new(
            ErrorCode::Unauthorized,
            "请先登录编辑台 (log in at /desk/login)",
        )
    })?;
    let mut res = axum::Json(model::desk::DeskSession {
        name: s.name,
        role: s.role.as_str().to_owned(),
        csrf: s.csrf,
    })
    .into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}
