//! The API client against real bad answers (no fetch mocks): the test runner's own server and a closed port.

mod support;

use difang::api::{get_json, get_text, resource, seed, ApiError};
use difang::routes::Route;
use difang::state::site::SiteRes;
use leptos::prelude::*;
use model::{paths, Site};
use support::{mount, until};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_404_maps_to_http_not_found() {
    let e = get_text("/definitely/not/here.json").await.unwrap_err();
    assert!(matches!(e, ApiError::Http { status: 404, .. }), "{e:?}");
    assert!(e.is_not_found());
}

#[wasm_bindgen_test]
async fn html_instead_of_json_is_a_decode_error() {
    // The runner serves an HTML page at its root: a 200 that is not JSON.
    let e = get_json::<Site>("/").await.unwrap_err();
    assert!(matches!(e, ApiError::Decode(_)), "{e:?}");
}

#[wasm_bindgen_test]
async fn a_refused_connection_is_a_network_error() {
    let e = get_text("http://127.0.0.1:9/api/v1/site")
        .await
        .unwrap_err();
    assert!(matches!(e, ApiError::Network(_)), "{e:?}");
}

/// Counts the browser's JSON parses (the app's only JSON parser, `json.rs`) while `f` runs.
fn parses_during(f: impl FnOnce()) -> u32 {
    js_sys::eval(
        "globalThis.__parse = JSON.parse; globalThis.__parses = 0;
         JSON.parse = (text, reviver) => { globalThis.__parses += 1; return globalThis.__parse(text, reviver); };",
    )
    .expect("JSON.parse counted");
    f();
    let parses = js_sys::eval("JSON.parse = globalThis.__parse; globalThis.__parses")
        .expect("JSON.parse restored");
    parses.as_f64().expect("a count") as u32
}

#[wasm_bindgen_test]
fn the_site_is_parsed_once_however_often_it_is_read() {
    let site = r#"{"name":"地方网","language":"zh-CN","description":"","regions":[]}"#;
    let parses = parses_during(|| {
        mount(move || {
            seed([(paths::site(), Ok(site.to_owned()))]);
            difang::state::provide(Route::Home);
            let site = expect_context::<SiteRes>();
            // The header, the page and the head tags each read it.
            for _ in 0..3 {
                assert_eq!(site.get().map(|s| s.name).as_deref(), Some("地方网"));
            }
            view! { <p>{move || site.get().map(|s| s.language)}</p> }
        });
    });
    assert_eq!(parses, 1, "one parse, however many reads");
}

/// How many requests the hooked `fetch` was asked for, and whether the `i`th was aborted.
fn requests() -> u32 {
    js_sys::eval("globalThis.__signals.length")
        .unwrap()
        .as_f64()
        .unwrap() as u32
}

fn aborted(i: u32) -> bool {
    js_sys::eval(&format!("globalThis.__signals[{i}].aborted"))
        .unwrap()
        .is_truthy()
}

#[wasm_bindgen_test]
async fn a_resources_request_is_aborted_when_its_owner_goes() {
    mount(|| ());
    // `fetch` keeps each request's signal and never answers, so the request is still out when the
    // resource's owner goes.
    js_sys::eval(
        "globalThis.__signals = []; globalThis.__fetch = globalThis.fetch;
         globalThis.fetch = (request) => { globalThis.__signals.push(request.signal); return new Promise(() => {}); };",
    )
    .unwrap();
    let owner = Owner::new();
    let _resource = owner.with(|| resource("/api/v1/articles/424242".into()));
    until("the request is sent", || requests() == 1).await;
    assert!(!aborted(0));
    owner.cleanup();
    until("the request is aborted", || aborted(0)).await;
    js_sys::eval("globalThis.fetch = globalThis.__fetch").unwrap();
}
