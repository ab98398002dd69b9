//! Stage 4, render: the report model -> Typst source, through the handlebars templates in
//! `report-templates/`.
//!
//! In: [`Report`] (or the [`RepliesDocument`] of the compilation of replies) and the templates
//! folder. Out: the Typst source of the document's main file.
//! Templates are registered once per [`Renderer`], in strict mode (a missing value is an
//! error, not an empty string), and every `{{value}}` goes through [`escape::escape_markup`]
//! instead of HTML escaping, so text from a reply can never act as Typst markup.
//! `{{{str value}}}` gives a Typst string literal for code contexts; no other triple-stash is
//! used.

pub mod escape;
pub mod helpers;

use std::path::Path;
use std::sync::Mutex;

use handlebars::{DirectorySourceOptions, Handlebars};

use crate::compile::{RepliesDocument, Report};

/// The template the report starts from, relative to the templates folder, without `.hbs`.
pub const MAIN_TEMPLATE: &str = "report.typ";
/// The template the compilation of replies starts from.
pub const COMPILATION_TEMPLATE: &str = "compilation.typ";

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("cannot load the templates in `{dir}`: {message}")]
    Templates { dir: String, message: String },
    #[error("template `{template}`{}: {message}", .line.map(|(line, column)| format!(" line {line}, column {column}")).unwrap_or_default())]
    Render {
        template: String,
        line: Option<(usize, usize)>,
        message: String,
    },
}

/// Renders the report's Typst source with the templates of `templates_dir`.
pub fn render(report: &Report, templates_dir: &Path) -> Result<String, RenderError> {
    Renderer::load(templates_dir)?.render(report)
}

/// The templates of a folder, registered once: a session that renders many times
/// (`report watch`) loads them again only when one changes.
pub struct Renderer {
    registry: Handlebars<'static>,
    paragraphs: helpers::ParagraphNumbers,
    /// Paragraph numbers run through one render at a time.
    rendering: Mutex<()>,
}

impl Renderer {
    pub fn load(templates_dir: &Path) -> Result<Self, RenderError> {
        let paragraphs = helpers::ParagraphNumbers::default();
        Ok(Self {
            registry: registry(templates_dir, &paragraphs)?,
            paragraphs,
            rendering: Mutex::new(()),
        })
    }

    /// Renders the report's Typst source, its text set as print sets it.
    pub fn render(&self, report: &Report) -> Result<String, RenderError> {
        escape::with_typography(&report.acronyms, || {
            self.render_template(MAIN_TEMPLATE, report)
        })
    }

    /// Renders the Typst source of the compilation of replies.
    pub fn render_compilation(&self, replies: &RepliesDocument) -> Result<String, RenderError> {
        self.render_template(COMPILATION_TEMPLATE, replies)
    }

    fn render_template(
        &self,
        name: &str,
        data: &impl serde::Serialize,
    ) -> Result<String, RenderError> {
        let _one_at_a_time = self
            .rendering
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        self.paragraphs.restart();
        self.registry
            .render(name, data)
            .map_err(|error| RenderError::Render {
                template: error
                    .template_name
                    .clone()
                    .unwrap_or_else(|| name.to_owned()),
                line: error.line_no.zip(error.column_no),
                message: error.reason().to_string(),
            })
    }
}

fn registry(
    templates_dir: &Path,
    paragraphs: &helpers::ParagraphNumbers,
) -> Result<Handlebars<'static>, RenderError> {
    let mut registry = Handlebars::new();
    registry.set_strict_mode(true);
    registry.set_prevent_indent(true);
    registry.register_escape_fn(escape::escape_markup);
    helpers::register(&mut registry, paragraphs);
    // `.hbs` files, hidden and editor-temporary files skipped.
    let options = DirectorySourceOptions::default();
    registry
        .register_templates_directory(templates_dir, options)
        .map_err(|error| RenderError::Templates {
            dir: crate::diagnostic::display_path(templates_dir),
            message: error.to_string(),
        })?;
    for main in [MAIN_TEMPLATE, COMPILATION_TEMPLATE] {
        if !registry.has_template(main) {
            return Err(RenderError::Templates {
                dir: crate::diagnostic::display_path(templates_dir),
                message: format!("`{main}.hbs` is missing"),
            });
        }
    }
    Ok(registry)
}
