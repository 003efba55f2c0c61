//! The one way the app listens to the browser (`browser::listen`): the handler hears its event as the
//! type asked for, in the phase asked for, and no more once the owner that started it is cleaned up.

use difang::browser::listen;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
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
