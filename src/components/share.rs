//! Share an article: the Web Share API where the browser has it, else copy the link and show a toast.

use crate::i18n::lang_now;
use crate::state::toast::Toast;
use js_sys::{Function, Object, Promise, Reflect};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Calls `navigator[obj_key][method](arg)` if it exists, awaiting the promise it returns.
async fn call_navigator(
    obj_key: Option<&str>,
    method: &str,
    arg: &JsValue,
) -> Option<Result<JsValue, JsValue>> {
    let nav: JsValue = crate::browser::window()?.navigator().into();
    let target = match obj_key {
        Some(k) => Reflect::get(&nav, &k.into())
            .ok()
            .filter(|v| !v.is_undefined() && !v.is_null())?,
        None => nav,
    };
    let f = Reflect::get(&target, &method.into())
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    let ret = f.call1(&target, arg);
    Some(match ret {
        Ok(p) => match p.dyn_into::<Promise>() {
            Ok(p) => JsFuture::from(p).await,
            Err(v) => Ok(v),
        },
        Err(e) => Err(e),
    })
}

#[component]
pub fn ShareButton(title: String, path: String) -> impl IntoView {
    let lang = lang_now();
    let t = lang.t();
    let toast = use_context::<Toast>();
    let share = move |_| {
        let title = title.clone();
        let url = crate::components::meta::absolute_url(&path);
        leptos::task::spawn_local(async move {
            let data = Object::new();
            let _ = Reflect::set(&data, &"title".into(), &title.into());
            let _ = Reflect::set(&data, &"url".into(), &url.clone().into());
            match call_navigator(None, "share", &data).await {
                // Shared, or the reader closed the share sheet: nothing to say.
                Some(_) => {}
                None => {
                    let t = lang.t();
                    let msg =
                        match call_navigator(Some("clipboard"), "writeText", &url.into()).await {
                            Some(Ok(_)) => t.link_copied,
                            _ => t.copy_failed,
                        };
                    if let Some(toast) = toast {
                        toast.show(msg);
                    }
                }
            }
        });
    };
    view! {
        <button type="button" class="btn share" data-testid="share" on:click=share>
            {t.share}
        </button>
    }
}
