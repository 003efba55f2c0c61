//! The one way the app listens to the browser (`browser::listen`): the handler hears its event as the
//! type asked for, in the phase asked for, and no more once the owner that started it is cleaned up; and
//! the same for its observers (`browser::on_resize`, `browser::on_intersect`).

mod support;

use difang::browser::{listen, on_intersect, on_resize};
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use support::{frames, until};
use wasm_bindgen::{closure::Closure, JsCast};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn div() -> web_sys::Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    doc.create_element("div").unwrap()
}

/// A `ping` that does not bubble, sent to `at`.
fn ping(at: &web_sys::Element) {
    at.dispatch_event(&web_sys::Event::new("ping").unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
fn a_listener_hears_until_its_owner_is_cleaned_up() {
    let el = div();
    let heard = Rc::new(RefCell::new(Vec::new()));
    let owner = Owner::new();
    owner.with(|| {
        let heard = heard.clone();
        listen(&el, "ping", false, move |ev: web_sys::Event| {
            heard.borrow_mut().push(ev.type_())
        });
    });
    ping(&el);
    ping(&el);
    assert_eq!(*heard.borrow(), ["ping", "ping"]);
    owner.cleanup();
    // Removed, not only dropped: a dropped handler left listening throws at each event, which the
    // browser reports on the window.
    let errors = Rc::new(RefCell::new(0));
    let on_error = {
        let errors = errors.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_| *errors.borrow_mut() += 1)
    };
    let window = web_sys::window().unwrap();
    window
        .add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref())
        .unwrap();
    ping(&el);
    window
        .remove_event_listener_with_callback("error", on_error.as_ref().unchecked_ref())
        .unwrap();
    assert_eq!(heard.borrow().len(), 2, "not heard once its owner is gone");
    assert_eq!(*errors.borrow(), 0, "removed with its owner");
}

#[wasm_bindgen_test]
fn a_capturing_listener_hears_its_childrens_events_first() {
    let (parent, child) = (div(), div());
    parent.append_child(&child).unwrap();
    let heard = Rc::new(RefCell::new(Vec::new()));
    let owner = Owner::new();
    owner.with(|| {
        for (at, capture, name) in [
            (&parent, true, "parent, capturing"),
            (&parent, false, "parent, not capturing"),
            (&child, false, "child"),
        ] {
            let heard = heard.clone();
            listen(at, "ping", capture, move |_: web_sys::Event| {
                heard.borrow_mut().push(name)
            });
        }
    });
    // The event does not bubble: only the capture phase reaches the parent, before the child.
    ping(&child);
    assert_eq!(*heard.borrow(), ["parent, capturing", "child"]);
    owner.cleanup();
}

/// A box in the page, `style` its inline style; removed by the caller.
fn shown(style: &str) -> web_sys::Element {
    let el = div();
    el.set_attribute("style", style).unwrap();
    let body = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .body()
        .unwrap();
    body.append_child(&el).unwrap();
    el
}

#[wasm_bindgen_test]
async fn a_resize_observer_reports_until_its_owner_is_cleaned_up() {
    let el = shown("width:100px;height:10px");
    let seen = Rc::new(RefCell::new(0u32));
    let owner = Owner::new();
    owner.with(|| {
        let seen = seen.clone();
        on_resize(&[&el], move || *seen.borrow_mut() += 1);
    });
    // An observer reports each target once when it starts observing it.
    until("the first report", || *seen.borrow() == 1).await;
    el.set_attribute("style", "width:200px;height:10px")
        .unwrap();
    until("the resize reported", || *seen.borrow() == 2).await;
    owner.cleanup();
    el.set_attribute("style", "width:300px;height:10px")
        .unwrap();
    // Resize observations are delivered in the frame's rendering, before it is painted.
    frames(3).await;
    assert_eq!(*seen.borrow(), 2, "disconnected with its owner");
    el.remove();
}

#[wasm_bindgen_test]
async fn an_intersection_observer_reports_until_its_owner_is_cleaned_up() {
    let el = shown("height:10px");
    let seen = Rc::new(RefCell::new(Vec::new()));
    let owner = Owner::new();
    owner.with(|| {
        let seen = seen.clone();
        on_intersect(&el, "0px", move |near| seen.borrow_mut().push(near));
    });
    until("the first report", || *seen.borrow() == [true]).await;
    // Far below the viewport, beyond the margin.
    el.set_attribute("style", "height:10px;margin-top:20000px")
        .unwrap();
    until("leaving reported", || *seen.borrow() == [true, false]).await;
    owner.cleanup();
    el.set_attribute("style", "height:10px").unwrap();
    frames(3).await;
    assert_eq!(*seen.borrow(), [true, false], "disconnected with its owner");
    el.remove();
}
