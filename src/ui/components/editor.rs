//! The Dockerfile editor: a textarea with a line-number gutter that scrolls with it, marks on
//! the lines that have problems, the list of problems under it (click one to jump there), and
//! syntax highlighting: a highlighted copy of the text drawn under the transparent textarea
//! (same font, padding and scroll), so editing stays the browser's own.

use crate::session::{highlight, Problem};
use std::rc::Rc;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Height of one editor line in CSS pixels (14px font × 1.5 line height; see style.css).
const LINE_HEIGHT: i32 = 21;

/// Props of [`Editor`].
#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The name of the file shown.
    pub name: AttrValue,
    /// Whether problems are shown (the Dockerfile) or not (context files).
    pub lint: bool,
    /// The text shown.
    pub text: AttrValue,
    /// Problems of the text, in source order.
    pub problems: Rc<Vec<Problem>>,
    /// Called with the new text on every edit.
    pub on_edit: Callback<String>,
    /// Ctrl/Cmd+Enter: build.
    pub on_build: Callback<()>,
    /// The line where the last build failed, with the error (marked in the gutter).
    #[prop_or_default]
    pub failed: Option<(u32, AttrValue)>,
    /// A line to select and scroll to; the second number changes with every request.
    #[prop_or_default]
    pub jump: Option<(u32, u32)>,
}

/// The Dockerfile editor.
#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let gutter = use_node_ref();
    let area = use_node_ref();
    let shade = use_node_ref();
    let lines = props.text.split('\n').count().max(1);

    let oninput = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            on_edit.emit(area.value());
        })
    };
    let onscroll = {
        let gutter = gutter.clone();
        let shade = shade.clone();
        Callback::from(move |e: Event| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            if let Some(g) = gutter.cast::<web_sys::Element>() {
                g.set_scroll_top(area.scroll_top());
            }
            if let Some(h) = shade.cast::<web_sys::Element>() {
                h.set_scroll_top(area.scroll_top());
                h.set_scroll_left(area.scroll_left());
            }
        })
    };
    let onkeydown = {
        let on_build = props.on_build.clone();
        Callback::from(move |e: KeyboardEvent| {
            if (e.ctrl_key() || e.meta_key()) && e.key() == "Enter" {
                e.prevent_default();
                on_build.emit(());
            }
        })
    };
    let jump = {
        let area = area.clone();
        Callback::from(move |p: Problem| {
            if let Some(a) = area.cast::<HtmlTextAreaElement>() {
                let _ = a.focus();
                let _ = a.set_selection_range(p.start_utf16, p.end_utf16.max(p.start_utf16));
                a.set_scroll_top(((p.line as i32 - 3) * LINE_HEIGHT).max(0));
            }
        })
    };

    {
        let area = area.clone();
        let text = props.text.clone();
        use_effect_with(props.jump, move |jump| {
            if let (Some((line, _)), Some(a)) = (jump, area.cast::<HtmlTextAreaElement>()) {
                let (start, end) = crate::session::line_range_utf16(&text, *line);
                let _ = a.focus();
                let _ = a.set_selection_range(start, end);
                a.set_scroll_top(((*line as i32 - 3) * LINE_HEIGHT).max(0));
            }
        });
    }

    let failed = props.failed.as_ref().filter(|_| props.lint);
    let gutter_lines = (1..=lines).map(|n| {
        let here: Vec<&Problem> = props
            .problems
            .iter()
            .filter(|p| p.line as usize == n)
            .collect();
        let class = if here.iter().any(|p| p.is_error) {
            "ln err"
        } else if !here.is_empty() {
            "ln warn"
        } else {
            "ln"
        };
        let mut title = here
            .iter()
            .map(|p| p.message.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        if let Some((_, message)) = failed.filter(|(line, _)| *line as usize == n) {
            if !title.is_empty() {
                title.push('\n');
            }
            title.push_str(&format!("The build failed here: {message}"));
            return html! { <div class={classes!(class, "failed")} title={title}>{ n }</div> };
        }
        html! { <div class={class} title={title}>{ n }</div> }
    });

    html! {
        <section class="editor" aria-label="Dockerfile editor">
            <div class="editor-title"><span class="file-name" id="open-file">{ props.name.clone() }</span></div>
            <div class="editor-body">
                <div class="gutter" aria-hidden="true" ref={gutter}>{ for gutter_lines }</div>
                <div class="code">
                if props.lint {
                    <pre class="highlight" aria-hidden="true" ref={shade}>{ highlighted(&props.text) }</pre>
                }
                <textarea
                    id="dockerfile"
                    class={classes!(props.lint.then_some("overlaid"))}
                    ref={area}
                    aria-label={props.name.clone()}
                    aria-describedby="problems"
                    spellcheck="false"
                    autocapitalize="off"
                    autocomplete="off"
                    wrap="off"
                    value={props.text.clone()}
                    {oninput}
                    {onscroll}
                    {onkeydown}
                />
                </div>
            </div>
            if props.lint {
                <ProblemList problems={props.problems.clone()} on_jump={jump} />
            }
        </section>
    }
}

/// The text as spans classed by [`highlight`] (one more line at the end, so the copy is as
/// tall as the textarea's content).
fn highlighted(text: &str) -> Html {
    let mut out = Vec::new();
    let mut at = 0;
    for t in highlight(text) {
        if t.start > at {
            out.push(html! { { &text[at..t.start] } });
        }
        out.push(html! { <span class={t.kind.class()}>{ &text[t.start..t.end] }</span> });
        at = t.end;
    }
    out.push(html! { { format!("{}\n ", &text[at..]) } });
    out.into_iter().collect()
}

/// Props of [`ProblemList`].
#[derive(Properties, PartialEq)]
pub struct ProblemListProps {
    /// The problems to list.
    pub problems: Rc<Vec<Problem>>,
    /// Called when the user picks a problem.
    pub on_jump: Callback<Problem>,
}

/// The problems under the editor: `line:col`, message, hint, rule name.
#[component]
pub fn ProblemList(props: &ProblemListProps) -> Html {
    let errors = props.problems.iter().filter(|p| p.is_error).count();
    let warnings = props.problems.len() - errors;
    let summary = match (errors, warnings) {
        (0, 0) => "No problems".to_string(),
        (e, w) => format!("{e} error{}, {w} warning{}", plural(e), plural(w)),
    };
    let items = props.problems.iter().map(|p| {
        let on_jump = props.on_jump.clone();
        let problem = p.clone();
        let onclick = Callback::from(move |_: MouseEvent| on_jump.emit(problem.clone()));
        let class = if p.is_error { "problem err" } else { "problem warn" };
        html! {
            <li>
                <button type="button" class={class} {onclick} title="Show in the editor">
                    <span class="where">{ format!("{}:{}", p.line, p.column) }</span>
                    <span class="severity">{ if p.is_error { "error" } else { "warning" } }</span>
                    <span class="message">{ &p.message }</span>
                    if let Some(code) = &p.code { <span class="code">{ code }</span> }
                    if let Some(hint) = &p.hint { <span class="hint">{ format!("hint: {hint}") }</span> }
                </button>
            </li>
        }
    });
    html! {
        <div class="problems" id="problems" role="region" aria-label="Problems" aria-live="polite">
            <div class="problems-summary">{ summary }</div>
            <ul>{ for items }</ul>
        </div>
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
