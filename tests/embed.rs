//! Partner widgets in a real browser: a widget set up wrongly shows its error box (no request made), and
//! the partners' snippet reserves the widget's height and names the loader.

use difang::embed::{partner::snippet, widget::EmbedPage};
use leptos::prelude::*;
use model::embed::Embed;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn bad_parameters_show_an_error_box_naming_the_parameter() {
    let d = web_sys::window().unwrap().document().unwrap();
    let el: HtmlElement = d.create_element("div").unwrap().unchecked_into();
    d.body().unwrap().append_child(&el).unwrap();
    let embed = Embed::parse("hot-ranking", "limit=99");
    let handle = leptos::mount::mount_to(el.clone(), move || view! { <EmbedPage embed/> });
    leptos::task::tick().await;
    let main = el.query_selector("main.embed").unwrap().unwrap();
    assert_eq!(main.get_attribute("data-kind").as_deref(), Some("error"));
    let error = el
        .query_selector("[data-testid=embed-error]")
        .unwrap()
        .expect("error box");
    assert_eq!(error.get_attribute("role").as_deref(), Some("alert"));
    assert!(error.text_content().unwrap().contains("limit"));
    // No height is reserved for a widget that cannot be drawn.
    assert_eq!(main.get_attribute("style").as_deref(), Some(""));
    drop(handle);
}

#[wasm_bindgen_test]
fn the_snippet_reserves_the_height_and_loads_the_loader() {
    let e = Embed::parse("latest", "channel=ziyang-news&theme=dark&lang=en").unwrap();
    assert_eq!(
        snippet(&e, "https://news.example"),
        "<div data-difang-widget=\"latest\" data-channel=\"ziyang-news\" data-theme=\"dark\" data-lang=\"en\" style=\"min-height:358px\"></div>\n<script async src=\"https://news.example/embed.js\"></script>"
    );
}
