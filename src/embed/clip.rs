//! The comment widget's box: exactly the height the loader reserved (`model::embed::height`), however
//! long the thread, so the partner's page never moves when the widget loads or the thread grows. A
//! thread longer than the box shows the rest at the reader's tap ("show all"), or when focus moves into
//! the hidden part; a shift that follows the reader's input is not a layout shift.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn Clip(show_all: &'static str, children: Children) -> impl IntoView {
    let open = RwSignal::new(false);
    // Whether the content is taller than the box (then "show all" is offered).
    let longer = RwSignal::new(false);
    let boxed = NodeRef::<leptos::html::Div>::new();
    let content = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let (Some(b), Some(c)) = (boxed.get(), content.get()) {
            watch(b.into(), c.into(), longer);
        }
    });
    // Keyboard readers: focus on a control below the fold of the box opens it.
    let on_focus = move |ev: leptos::ev::FocusEvent| {
        let (Some(b), Some(target)) = (
            boxed.get_untracked(),
            ev.target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok()),
        ) else {
            return;
        };
        if target.get_bounding_client_rect().bottom() > b.get_bounding_client_rect().bottom() {
            open.set(true);
        }
    };
    view! {
        <div class="embed-clip" class:open=move || open.get() node_ref=boxed on:focusin=on_focus>
            <div class="embed-clip-content" node_ref=content>{children()}</div>
            <Show when=move || { longer.get() && !open.get() }>
                <button type="button" class="embed-show-all" data-testid="embed-show-all"
                    on:click=move |_| open.set(true)>{show_all}</button>
            </Show>
        </div>
    }
}

/// Sets `longer` whenever the content's height or the box's changes, while the widget lives.
fn watch(boxed: web_sys::Element, content: web_sys::Element, longer: RwSignal<bool>) {
    let measure = {
        let (b, c) = (boxed.clone(), content.clone());
        move || {
            let over =
                c.get_bounding_client_rect().height() > b.get_bounding_client_rect().height() + 0.5;
            longer.try_set(over);
        }
    };
    crate::browser::on_resize(&[&boxed, &content], measure);
}
