//! The image panel: after a successful build, the image ID and size, its history as
//! `docker image history` lists it (empty layers shown apart), and "Download image" (a
//! docker-archive tar that `docker load` reads); below, `docker image inspect`'s view: the
//! full ID, the `Config` fields the image sets, `RootFS.Layers`, and "Download OCI layout"
//! (an OCI image layout tar, what `skopeo copy oci-archive:FILE …` reads).

use crate::build::store::{human_size, HistoryRow};
use crate::session::{BuildView, ImageInspect};
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
    /// "Download OCI layout" pressed.
    #[prop_or_default]
    pub on_download_oci: Callback<()>,
    /// `docker image inspect` of the image.
    #[prop_or_default]
    pub inspect: Option<Rc<ImageInspect>>,
}

/// The inspect section: full ID, config fields, `RootFS.Layers`.
fn inspect_view(info: &ImageInspect) -> Html {
    let fields = info.config.iter().map(|(k, v)| {
        html! { <><dt>{ k }</dt><dd class="mono">{ v }</dd></> }
    });
    let layers = info.layers.iter().enumerate().map(|(i, l)| {
        html! {
            <tr>
                <td class="num">{ i }</td>
                <td class="mono digest" title={l.diff_id.clone()}>{ &l.diff_id }</td>
                <td class="num">{ human_size(l.size) }</td>
                <td class="mono created-by" title={l.created_by.clone()}>{ &l.created_by }</td>
            </tr>
        }
    });
    html! {
        <section class="inspect" id="image-inspect" aria-label="docker image inspect">
            <h3>{ "docker image inspect" }</h3>
            <dl class="config" id="image-config">
                <dt>{ "Id" }</dt><dd class="mono" id="image-full-id">{ &info.id }</dd>
                <dt>{ "RepoTags" }</dt><dd class="mono">{ info.repo_tags.join(", ") }</dd>
                <dt>{ "Os/Architecture" }</dt><dd class="mono">{ &info.platform }</dd>
                if let Some(c) = &info.created {
                    <dt>{ "Created" }</dt><dd class="mono">{ c }</dd>
                }
                { for fields }
            </dl>
            <div class="table-wrap">
                <table class="history layers-table" id="rootfs-layers">
                    <caption>{ "RootFS.Layers (diff_ids; in the OCI layout the layers are uncompressed, so each is also the layer's digest in the manifest)" }</caption>
                    <thead><tr><th scope="col">{ "#" }</th><th scope="col">{ "DIFF ID" }</th><th scope="col">{ "SIZE" }</th><th scope="col">{ "CREATED BY" }</th></tr></thead>
                    <tbody>{ for layers }</tbody>
                </table>
            </div>
        </section>
    }
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
    let oci = props.on_download_oci.reform(|_: MouseEvent| ());
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
                <div class="image-actions">
                    <button type="button" id="download-image" {onclick}
                        title="docker save: a tar for docker load">{ "Download image (.tar)" }</button>
                    <button type="button" id="download-oci" onclick={oci}
                        title="An OCI image layout tar: skopeo copy oci-archive:playground-oci.tar …">{ "Download OCI layout" }</button>
                </div>
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
            if let Some(info) = &props.inspect {
                { inspect_view(info) }
            }
        </div>
    }
}
