//! The Files tab: the built image's merged tree (an ARIA `tree`, one directory listed when it
//! is expanded, at most [`PAGE`] entries at a time), each entry with its size and the layer
//! providing it; a layer picker showing one layer's own changes (A / C / D, whiteouts, opaque
//! directories); the opened file (text, or what it is) with its stack of versions; a
//! sort-by-size toggle; and the bytes wasted by versions later layers hide.

use crate::build::store::human_size;
use crate::session::{ChangeRow, EntryKind, FileEntry, ImageFiles};
use crate::ui::browser;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use yew::prelude::*;

/// Entries of one directory shown before a "more" row.
pub const PAGE: usize = 200;
/// Changes of one layer shown.
const CHANGES_SHOWN: usize = 300;

/// Props of [`Explorer`].
#[derive(Properties, PartialEq)]
pub struct ExplorerProps {
    /// The image's files (none before the first successful build).
    pub files: Option<Rc<ImageFiles>>,
    /// The layer whose changes are shown (`None`: the merged tree).
    pub layer: Option<usize>,
    /// Pick a layer (or the merged tree).
    pub on_layer: Callback<Option<usize>>,
}

/// One visible row of the tree.
#[derive(Clone, PartialEq)]
enum Item {
    Entry {
        entry: FileEntry,
        level: usize,
        pos: usize,
        count: usize,
        parent: String,
    },
    More {
        dir: String,
        left: usize,
        level: usize,
    },
}

impl Item {
    fn key(&self) -> String {
        match self {
            Item::Entry { entry, .. } => entry.path.clone(),
            Item::More { dir, .. } => format!("more:{dir}"),
        }
    }
}

/// A DOM id for a tree row (paths may hold any character).
fn row_id(key: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    format!("fx-{h:016x}")
}

/// The rows shown: directories in `expanded` are listed, each capped by `caps`.
fn visible(
    files: &ImageFiles,
    expanded: &HashSet<String>,
    caps: &HashMap<String, usize>,
    by_size: bool,
) -> Vec<Item> {
    fn walk(
        files: &ImageFiles,
        dir: &str,
        level: usize,
        ctx: (&HashSet<String>, &HashMap<String, usize>, bool),
        out: &mut Vec<Item>,
    ) {
        let Ok(entries) = files.list(dir, ctx.2) else {
            return;
        };
        let cap = ctx.1.get(dir).copied().unwrap_or(PAGE);
        let count = entries.len();
        for (pos, entry) in entries.into_iter().take(cap).enumerate() {
            let open = entry.kind == EntryKind::Dir && ctx.0.contains(&entry.path);
            let path = entry.path.clone();
            out.push(Item::Entry {
                entry,
                level,
                pos: pos + 1,
                count,
                parent: dir.to_string(),
            });
            if open {
                walk(files, &path, level + 1, ctx, out);
            }
        }
        if count > cap {
            out.push(Item::More {
                dir: dir.to_string(),
                left: count - cap,
                level,
            });
        }
    }
    let mut out = Vec::new();
    walk(files, "/", 1, (expanded, caps, by_size), &mut out);
    out
}

/// The explorer.
#[component]
pub fn Explorer(props: &ExplorerProps) -> Html {
    let expanded = use_state(HashSet::<String>::new);
    let caps = use_state(HashMap::<String, usize>::new);
    let by_size = use_state(|| false);
    let opened = use_state(|| None::<String>);
    let focused = use_state(|| None::<String>);
    let Some(files) = props.files.clone() else {
        return html! {
            <p class="muted">{ "Build the image first: its files appear here, each with the layer it comes from." }</p>
        };
    };
    let items = visible(&files, &expanded, &caps, *by_size);
    let focus_key = focused
        .as_ref()
        .filter(|k| items.iter().any(|i| i.key() == **k))
        .cloned()
        .or_else(|| items.first().map(Item::key));

    // What activating a row does: toggle a directory, open a file, show more entries.
    let activate = {
        let expanded = expanded.clone();
        let caps = caps.clone();
        let opened = opened.clone();
        let focused = focused.clone();
        Callback::from(move |item: Item| {
            focused.set(Some(item.key()));
            match item {
                Item::Entry { entry, .. } if entry.kind == EntryKind::Dir => {
                    let mut set = (*expanded).clone();
                    if !set.remove(&entry.path) {
                        set.insert(entry.path.clone());
                    }
                    expanded.set(set);
                }
                Item::Entry { entry, .. } => opened.set(Some(entry.path)),
                Item::More { dir, .. } => {
                    let mut map = (*caps).clone();
                    let cap = map.get(&dir).copied().unwrap_or(PAGE);
                    map.insert(dir, cap + PAGE);
                    caps.set(map);
                }
            }
        })
    };

    let onkeydown = {
        let items = items.clone();
        let focus_key = focus_key.clone();
        let focused = focused.clone();
        let expanded = expanded.clone();
        let activate = activate.clone();
        Callback::from(move |e: KeyboardEvent| {
            // The row with keyboard focus (it may have been focused without a click).
            let target = e
                .target_dyn_into::<web_sys::Element>()
                .map(|el| el.id())
                .unwrap_or_default();
            let Some(i) = items
                .iter()
                .position(|it| row_id(&it.key()) == target)
                .or_else(|| {
                    let k = focus_key.as_ref()?;
                    items.iter().position(|it| it.key() == *k)
                })
            else {
                return;
            };
            let move_to = |j: usize| {
                if let Some(it) = items.get(j) {
                    focused.set(Some(it.key()));
                    browser::focus_soon(&row_id(&it.key()));
                }
            };
            let item = &items[i];
            let dir_open = match item {
                Item::Entry { entry, .. } if entry.kind == EntryKind::Dir => {
                    Some(expanded.contains(&entry.path))
                }
                _ => None,
            };
            match e.key().as_str() {
                "ArrowDown" => move_to((i + 1).min(items.len() - 1)),
                "ArrowUp" => move_to(i.saturating_sub(1)),
                "Home" => move_to(0),
                "End" => move_to(items.len() - 1),
                "ArrowRight" => match dir_open {
                    Some(false) => activate.emit(item.clone()),
                    Some(true) => move_to((i + 1).min(items.len() - 1)),
                    None => {}
                },
                "ArrowLeft" => match (dir_open, item) {
                    (Some(true), _) => activate.emit(item.clone()),
                    (_, Item::Entry { parent, .. }) => {
                        if let Some(j) = items.iter().position(|it| it.key() == *parent) {
                            move_to(j);
                        }
                    }
                    _ => {}
                },
                "Enter" | " " => activate.emit(item.clone()),
                _ => return,
            }
            e.prevent_default();
        })
    };

    let rows = items.iter().map(|item| {
        let key = item.key();
        let is_focus = focus_key.as_deref() == Some(key.as_str());
        let onclick = {
            let activate = activate.clone();
            let item = item.clone();
            Callback::from(move |_: MouseEvent| activate.emit(item.clone()))
        };
        let tabindex = if is_focus { "0" } else { "-1" };
        match item {
            Item::Entry { entry, level, pos, count, .. } => {
                let dir = entry.kind == EntryKind::Dir;
                let open = dir && expanded.contains(&entry.path);
                let selected = opened.as_deref() == Some(entry.path.as_str());
                let twisty = if !dir { " " } else if open { "▾" } else { "▸" };
                let name = match (&entry.kind, &entry.target) {
                    (EntryKind::Symlink, Some(t)) => format!("{} → {t}", entry.name),
                    (EntryKind::Hardlink, Some(t)) => format!("{} ⇒ {t}", entry.name),
                    (EntryKind::Dir, _) => format!("{}/", entry.name),
                    _ => entry.name.clone(),
                };
                html! {
                    <li role="treeitem" id={row_id(&key)} class={classes!("fx-row", dir.then_some("dir"), selected.then_some("selected"))}
                        aria-level={level.to_string()} aria-setsize={count.to_string()} aria-posinset={pos.to_string()}
                        aria-expanded={dir.then(|| open.to_string())} aria-selected={selected.to_string()}
                        tabindex={tabindex} title={format!("{} {}", entry.mode, entry.path)}
                        style={format!("padding-left:{}px", 4 + (level - 1) * 14)} {onclick}>
                        <span class="twisty" aria-hidden="true">{ twisty }</span>
                        <span class="fx-name mono">{ name }</span>
                        if entry.synthetic { <span class="tag" title="Synthetic content: a base image's binary, generated on demand">{ "synthetic" }</span> }
                        if entry.wasted > 0 { <span class="tag waste" title="Bytes of versions later layers overwrote or deleted">{ format!("wasted {}", human_size(entry.wasted)) }</span> }
                        <span class="fx-size mono">{ human_size(entry.size) }</span>
                        <span class="fx-layer mono" title={format!("provided by layer L{}", entry.layer)}>{ format!("L{}", entry.layer) }</span>
                    </li>
                }
            }
            Item::More { left, level, .. } => html! {
                <li role="treeitem" id={row_id(&key)} class="fx-row more" aria-level={level.to_string()} tabindex={tabindex}
                    style={format!("padding-left:{}px", 18 + (level - 1) * 14)} {onclick}>
                    { format!("… {left} more (show {})", (*left).min(PAGE)) }
                </li>
            },
        }
    });

    let on_sort = {
        let by_size = by_size.clone();
        Callback::from(move |_: MouseEvent| by_size.set(!*by_size))
    };
    let on_pick = {
        let on_layer = props.on_layer.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let value = select.value();
            on_layer.emit(value.parse::<usize>().ok());
        })
    };
    let options = files.layers().iter().map(|l| {
        let selected = props.layer == Some(l.index);
        let text = format!(
            "L{} · {} · {}",
            l.index,
            human_size(l.size),
            shorten(&l.created_by, 60)
        );
        html! { <option value={l.index.to_string()} {selected}>{ text }</option> }
    });
    let on_open_path = {
        let opened = opened.clone();
        Callback::from(move |p: String| opened.set(Some(p)))
    };
    let wasted = files.wasted(10);

    html! {
        <div class="explorer">
            <div class="fx-tools">
                <label class="small" for="layer-picker">{ "Show" }</label>
                <select id="layer-picker" onchange={on_pick}>
                    <option value="all" selected={props.layer.is_none()}>{ "All layers (merged image)" }</option>
                    { for options }
                </select>
                <button type="button" id="sort-size" aria-pressed={by_size.to_string()} onclick={on_sort}>
                    { "Sort by size" }
                </button>
            </div>
            <details class="wasted small" id="wasted">
                <summary>{ format!("Wasted: {} in {} path{} (versions overwritten or deleted by later layers, still stored in the image)",
                    human_size(wasted.total), files.wasted_paths(), if files.wasted_paths() == 1 { "" } else { "s" }) }</summary>
                <ul>
                    { for wasted.paths.iter().map(|(p, b, n)| {
                        let open = on_open_path.clone();
                        let path = p.clone();
                        html! { <li><button type="button" class="link mono" onclick={Callback::from(move |_: MouseEvent| open.emit(path.clone()))}>{ p }</button>
                            { format!(" {} in {n} hidden version{}", human_size(*b), if *n == 1 { "" } else { "s" }) }</li> }
                    }) }
                </ul>
            </details>
            <div class="fx-body">
                { match props.layer {
                    None => html! {
                        <ul class="fx-tree" role="tree" id="fx-tree" aria-label="Files of the image" {onkeydown}>{ for rows }</ul>
                    },
                    Some(l) => changes(&files, l, *by_size, &on_open_path, opened.as_deref()),
                } }
                { file_view(&files, opened.as_deref()) }
            </div>
        </div>
    }
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}

fn changes(
    files: &ImageFiles,
    layer: usize,
    by_size: bool,
    on_open: &Callback<String>,
    opened: Option<&str>,
) -> Html {
    let c = files.layer_changes(layer, by_size, CHANGES_SHOWN);
    let info = files.layers().get(layer);
    let row = |r: &ChangeRow| {
        let open = on_open.clone();
        let path = r.path.clone();
        let onclick = Callback::from(move |_: MouseEvent| open.emit(path.clone()));
        let what = match r.letter {
            'A' => "added",
            'C' => "changed",
            _ => "deleted",
        };
        let selected = opened == Some(r.path.as_str());
        html! {
            <li class={classes!("change", format!("change-{}", r.letter), selected.then_some("selected"))}>
                <button type="button" class="change-row" {onclick} title={format!("{what}: {}", r.path)}>
                    <span class="letter mono" aria-label={what}>{ r.letter }</span>
                    <span class="path mono">{ &r.path }</span>
                    if let Some(wh) = &r.whiteout {
                        <span class="tag wh" title="Deleted here: the layer tar holds this whiteout file, which hides the path in the layers below">{ format!("whiteout {wh}") }</span>
                    }
                    if r.opaque {
                        <span class="tag wh" title="Opaque directory: the layer tar holds .wh..wh..opq in it, which hides everything the layers below had there">{ "opaque dir" }</span>
                    }
                    if r.hidden_by_opaque {
                        <span class="tag wh" title="Hidden by its opaque parent directory, without a whiteout of its own">{ "hidden by opaque dir" }</span>
                    }
                    if r.letter != 'D' { <span class="fx-size mono">{ human_size(r.size) }</span> }
                </button>
            </li>
        }
    };
    html! {
        <div class="layer-changes" id="layer-changes">
            <p class="small mono">
                { format!("L{layer}: {} · A {} · C {} · D {}", info.map_or("", |i| i.created_by.as_str()), c.counts[0], c.counts[1], c.counts[2]) }
            </p>
            <p class="legend small muted">
                { "A added · C changed (modified, or a directory whose contents changed) · D deleted — the letters docker diff prints. A deletion is stored as a whiteout: an empty file named .wh.<name> beside it; an opaque directory holds .wh..wh..opq and hides what the layers below had in it." }
            </p>
            if c.total == 0 { <p class="muted">{ "This layer changes nothing." }</p> }
            <ul class="changes">{ for c.rows.iter().map(row) }</ul>
            if c.total > c.rows.len() {
                <p class="muted small">{ format!("Showing {} of {} changes{}.", c.rows.len(), c.total, if by_size { ", largest first" } else { "" }) }</p>
            }
        </div>
    }
}

fn file_view(files: &ImageFiles, path: Option<&str>) -> Html {
    let Some(path) = path else {
        return Html::default();
    };
    let v = files.open(path);
    let versions = v.versions.iter().map(|ver| {
        let what = match (ver.change, ver.visible) {
            ("whiteout", _) => "deleted here (whiteout)".to_string(),
            ("opaque", true) => "opaque directory, shown".to_string(),
            (_, true) => "shown".to_string(),
            _ => "hidden by a later layer".to_string(),
        };
        html! {
            <li class={classes!("version", ver.visible.then_some("visible"))}>
                <span class="mono">{ format!("L{}", ver.layer) }</span>
                <span class="mono">{ ver.change }</span>
                <span class="mono">{ human_size(ver.size) }</span>
                <span class="muted">{ what }</span>
            </li>
        }
    });
    html! {
        <section class="file-view" id="file-view" aria-label={format!("File {}", v.path)}>
            <h3 class="mono">{ &v.path }</h3>
            if let (Some(_), Some(l)) = (v.kind, v.layer) {
                <p class="small mono">{ format!("{} · {} · from L{l}", v.mode, human_size(v.size)) }</p>
            }
            if let Some(note) = &v.note { <p class="note">{ note }{ if v.kind == Some(EntryKind::File) { format!(" · {}", human_size(v.size)) } else { String::new() } }</p> }
            if let Some(text) = &v.text {
                <pre class="file-text" tabindex="0">{ text }</pre>
                if v.truncated {
                    <p class="muted small">{ format!("Showing the first {} of {}.", human_size(crate::session::MAX_TEXT_BYTES as u64), human_size(v.size)) }</p>
                }
            }
            <h4 class="small">{ "Versions in the layers (top first)" }</h4>
            <ol class="versions">{ for versions }</ol>
        </section>
    }
}
