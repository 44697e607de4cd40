//! The image panel: after a successful build, the image ID and size, its history as
//! `docker image history` lists it (empty layers shown apart), and "Download image" (a
//! docker-archive tar that `docker load` reads).

use crate::build::store::{human_size, HistoryRow};
use crate::session::BuildView;
use std::rc::Rc;
use yew::prelude::*;

/// Props: the last build and the download action.
#[derive(Properties, PartialEq)]
pub struct ImageProps {
    /// The build (the panel shows nothing unless it succeeded).
    pub build: Rc<BuildView>,
    /// "Download image" pressed.
    pub on_download: Callback<()>,
    /// Why the last download failed, if it did.
    pub download_error: Option<AttrValue>,
}

fn row(i: usize, h: &HistoryRow, id: &str) -> Html {
    let image = if i == 0 {
        id.to_string()
    } else {
        "<missing>".to_string()
    };
    let class = if h.empty_layer { "empty" } else { "layer" };
    html! {
        <tr class={class}>
            <td class="mono">{ image }</td>
            <td class="mono created-by" title={h.created_by.clone()}>{ &h.created_by }</td>
            <td class="num">{ human_size(h.size) }</td>
        </tr>
    }
}

/// The panel.
#[component]
pub fn ImagePanel(props: &ImageProps) -> Html {
    let Some(id) = &props.build.image_id else {
        return Html::default();
    };
    let short = id
        .trim_start_matches("sha256:")
        .chars()
        .take(12)
        .collect::<String>();
    let onclick = {
        let cb = props.on_download.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let rows = props
        .build
        .history
        .iter()
        .enumerate()
        .map(|(i, h)| row(i, h, &short));
    html! {
        <div class="image">
            <div class="panel-head">
                <h2>{ "Image" }</h2>
                <button type="button" id="download-image" {onclick}>{ "Download image (.tar)" }</button>
            </div>
            <p class="image-id mono">
                { format!("playground:latest · {short} · {}", human_size(props.build.size)) }
            </p>
            if let Some(e) = &props.download_error {
                <p class="result err" role="alert">{ e.clone() }</p>
            }
            <div class="table-wrap">
                <table class="history" id="history">
                    <caption>{ "docker image history playground" }</caption>
                    <thead><tr><th scope="col">{ "IMAGE" }</th><th scope="col">{ "CREATED BY" }</th><th scope="col">{ "SIZE" }</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        </div>
    }
}
