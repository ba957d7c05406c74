//! Small browser helpers used by several components: reading a `File`, offering a download.
//! Downloads use `blob:`/`data:` URLs made in the page: nothing goes over the network.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, BlobPropertyBag, CanvasRenderingContext2d, File, HtmlAnchorElement, HtmlCanvasElement,
    HtmlImageElement, Url,
};

/// Reads a whole `File` into a `Uint8Array` (async; the page stays responsive), refusing one over
/// the size limit before reading it.
pub async fn read_file(file: &File) -> Result<Uint8Array, String> {
    crate::engine::ingest::check_file_size(file.size() as u64)
        .map_err(|e| format!("{}: {e}", file.name()))?;
    let buffer = JsFuture::from(file.array_buffer()).await.map_err(|e| {
        format!("{}: the browser could not read the file ({})", file.name(), js_text(&e))
    })?;
    Ok(Uint8Array::new(&buffer))
}

/// Offers `text` as a download named `file_name` with MIME type `mime`.
pub fn download_text(file_name: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = Array::new();
    parts.push(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(js_err)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(js_err)?;
    let result = click_link(&url, file_name);
    let _ = Url::revoke_object_url(&url);
    result
}

/// Offers `bytes` as a download named `file_name` with MIME type `mime`.
pub fn download_bytes(file_name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let array = Uint8Array::from(bytes);
    let parts = Array::of1(&array);
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(js_err)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(js_err)?;
    let result = click_link(&url, file_name);
    let _ = Url::revoke_object_url(&url);
    result
}

/// Offers `svg` as a PNG download named `file_name`: the browser decodes the SVG as an image and
/// draws it on a canvas at twice its size (`on_error` hears why not, if it fails).
pub fn download_svg_as_png(svg: String, file_name: String, on_error: impl Fn(String) + 'static) {
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(e) = svg_to_png(&svg).await.and_then(|url| click_link(&url, &file_name)) {
            on_error(format!("could not make the PNG: {e}"));
        }
    });
}

/// `svg` drawn on a canvas at twice its size, as a `data:` PNG URL.
async fn svg_to_png(svg: &str) -> Result<String, String> {
    let parts = Array::of1(&JsValue::from_str(svg));
    let options = BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(js_err)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(js_err)?;
    let image = HtmlImageElement::new().map_err(js_err)?;
    let loaded = js_sys::Promise::new(&mut |ok, fail| {
        image.set_onload(Some(&ok));
        image.set_onerror(Some(&fail));
    });
    image.set_src(&url);
    let decoded = JsFuture::from(loaded).await;
    let _ = Url::revoke_object_url(&url);
    decoded.map_err(|_| "the browser could not read the chart".to_string())?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let canvas: HtmlCanvasElement =
        document.create_element("canvas").map_err(js_err)?.unchecked_into();
    let (w, h) = (image.natural_width() * 2, image.natural_height() * 2);
    canvas.set_width(w);
    canvas.set_height(h);
    let context: CanvasRenderingContext2d =
        canvas.get_context("2d").map_err(js_err)?.ok_or("no 2D context")?.unchecked_into();
    context
        .draw_image_with_html_image_element_and_dw_and_dh(&image, 0.0, 0.0, w as f64, h as f64)
        .map_err(js_err)?;
    canvas.to_data_url().map_err(js_err)
}

fn click_link(url: &str, file_name: &str) -> Result<(), String> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let a: HtmlAnchorElement = document.create_element("a").map_err(js_err)?.unchecked_into();
    a.set_href(url);
    a.set_download(file_name);
    a.click();
    Ok(())
}

fn js_err(e: JsValue) -> String {
    js_text(&e)
}

/// A browser error as text: the value itself when it is a string, else its `message` (an
/// `Error`), else a plain phrase.
pub fn js_text(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| js_sys::Reflect::get(e, &"message".into()).ok().and_then(|m| m.as_string()))
        .unwrap_or_else(|| "unknown browser error".into())
}

/// A decimal number typed by the user (`12`, `-0.5`, `1e3`; surrounding spaces allowed), read by
/// the browser's `Number` rather than Rust's float parser, which the page would otherwise link
/// only for its few number inputs. None for anything else (empty, `0x10`, `Infinity`, `1.5x`).
pub fn parse_number(text: &str) -> Option<f64> {
    let t = text.trim();
    let decimal = t.bytes().any(|b| b.is_ascii_digit())
        && t.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'));
    if !decimal {
        return None;
    }
    let x = JsValue::from_str(t).unchecked_into_f64();
    x.is_finite().then_some(x)
}
