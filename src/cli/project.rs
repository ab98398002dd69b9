//! Where a command finds its inputs: the project folder (the nearest folder, from the current
//! one upwards, that holds `inputs/mandate.json`), or, for a respondent who has only the
//! binary, the bundled inputs built into it.
//!
//! In: the current folder. Out: default paths for `--inputs`, `--templates`, `--fonts` and
//! `out/`, and [`BundledInputs`], the bundled inputs written to a temporary folder for the
//! commands a respondent runs (`report new`, `report check FILE`).

use std::path::{Path, PathBuf};

/// The bundled inputs: the mandate, the metadata, the organizations and the reference data
/// of the project's `inputs/` folder, as the binary was built with them.
const BUNDLED: &[(&str, &str)] = &[
    ("mandate.json", include_str!("../../inputs/mandate.json")),
    ("report.json", include_str!("../../inputs/report.json")),
    (
        "organizations.json",
        include_str!("../../inputs/organizations.json"),
    ),
    (
        "reference/member-states-2009.json",
        include_str!("../../inputs/reference/member-states-2009.json"),
    ),
    (
        "reference/observers-2009.json",
        include_str!("../../inputs/reference/observers-2009.json"),
    ),
    (
        "reference/treaty-status.json",
        include_str!("../../inputs/reference/treaty-status.json"),
    ),
    (
        "reference/state-names-in-running-text.json",
        include_str!("../../inputs/reference/state-names-in-running-text.json"),
    ),
];

/// The templates of the project's `report-templates/` folder, for `report init`.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "report.typ.hbs",
        include_str!("../../report-templates/report.typ.hbs"),
    ),
    (
        "compilation.typ.hbs",
        include_str!("../../report-templates/compilation.typ.hbs"),
    ),
    (
        "un-report.typ",
        include_str!("../../report-templates/un-report.typ"),
    ),
    (
        "annexes/annex-comparable-data.hbs",
        include_str!("../../report-templates/annexes/annex-comparable-data.hbs"),
    ),
    (
        "annexes/annex-coverage.hbs",
        include_str!("../../report-templates/annexes/annex-coverage.hbs"),
    ),
    (
        "annexes/annex-respondents.hbs",
        include_str!("../../report-templates/annexes/annex-respondents.hbs"),
    ),
    (
        "annexes/annex-treaty-status.hbs",
        include_str!("../../report-templates/annexes/annex-treaty-status.hbs"),
    ),
    (
        "chapters/approaches.hbs",
        include_str!("../../report-templates/chapters/approaches.hbs"),
    ),
    (
        "chapters/conclusions.hbs",
        include_str!("../../report-templates/chapters/conclusions.hbs"),
    ),
    (
        "chapters/introduction.hbs",
        include_str!("../../report-templates/chapters/introduction.hbs"),
    ),
    (
        "chapters/ratification.hbs",
        include_str!("../../report-templates/chapters/ratification.hbs"),
    ),
    (
        "chapters/sections.hbs",
        include_str!("../../report-templates/chapters/sections.hbs"),
    ),
    (
        "partials/data-tables.hbs",
        include_str!("../../report-templates/partials/data-tables.hbs"),
    ),
    (
        "partials/digest.hbs",
        include_str!("../../report-templates/partials/digest.hbs"),
    ),
    (
        "partials/examples.hbs",
        include_str!("../../report-templates/partials/examples.hbs"),
    ),
    (
        "partials/facts.hbs",
        include_str!("../../report-templates/partials/facts.hbs"),
    ),
    (
        "partials/reported.hbs",
        include_str!("../../report-templates/partials/reported.hbs"),
    ),
    (
        "partials/summary.hbs",
        include_str!("../../report-templates/partials/summary.hbs"),
    ),
];

/// The files `report init` writes, by path in the new folder.
pub fn starter_files() -> Vec<(String, &'static [u8])> {
    let mut files: Vec<(String, &'static [u8])> = BUNDLED
        .iter()
        .map(|(name, text)| (format!("inputs/{name}"), text.as_bytes()))
        .collect();
    files.push((
        "inputs/reference/SOURCES.md".to_owned(),
        include_str!("../../inputs/reference/SOURCES.md").as_bytes(),
    ));
    files.extend(
        TEMPLATES
            .iter()
            .map(|(name, text)| (format!("report-templates/{name}"), text.as_bytes())),
    );
    files.extend(
        crate::typeset::BUNDLED_FONTS
            .iter()
            .map(|(name, data)| (format!("fonts/{name}"), *data)),
    );
    files
}

/// `report init DIR`: a new report folder with the bundled mandate, metadata, organizations,
/// reference data, templates and fonts, and an empty `inputs/replies/`. Refuses a folder that
/// exists and is not empty.
pub fn init(dir: &Path) -> Result<usize, String> {
    if let Ok(mut entries) = std::fs::read_dir(dir)
        && entries.next().is_some()
    {
        return Err(format!(
            "`{}` exists and is not empty: give a new folder (or an empty one)",
            dir.display()
        ));
    }
    let files = starter_files();
    let write = |relative: &str, data: &[u8]| -> std::io::Result<()> {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, data)
    };
    for (relative, data) in &files {
        write(relative, data)
            .map_err(|error| format!("cannot write `{}`: {error}", dir.join(relative).display()))?;
    }
    std::fs::create_dir_all(dir.join("inputs/replies")).map_err(|error| {
        format!(
            "cannot create `{}`: {error}",
            dir.join("inputs/replies").display()
        )
    })?;
    Ok(files.len())
}

/// How far up from the current folder the project is looked for.
const MOST_LEVELS: usize = 64;

/// The project folder, as a path from the current folder (`.`, `..`, `../..`): the nearest
/// folder from here upwards that holds `inputs/mandate.json`.
pub fn project_root() -> Option<PathBuf> {
    let mut relative = PathBuf::from(".");
    let here = std::env::current_dir().ok()?;
    let mut folder: &Path = &here;
    for _ in 0..MOST_LEVELS {
        if folder.join("inputs").join("mandate.json").is_file() {
            return Some(relative);
        }
        folder = folder.parent()?;
        relative = if relative == Path::new(".") {
            PathBuf::from("..")
        } else {
            relative.join("..")
        };
    }
    None
}

/// `name` (`inputs`, `report-templates`, `fonts`, `out`) in the project folder, or in the
/// current folder when there is no project.
pub fn default_dir(name: &str) -> PathBuf {
    match project_root() {
        Some(root) if root != Path::new(".") => root.join(name),
        _ => PathBuf::from(name),
    }
}

/// What to say when a command that needs the project's inputs finds none.
pub fn no_inputs_hint(inputs: &Path) -> Option<String> {
    if inputs.join("mandate.json").exists() {
        return None;
    }
    let here = std::env::current_dir()
        .map(|here| here.display().to_string())
        .unwrap_or_else(|_| ".".to_owned());
    Some(format!(
        "looked for `inputs/mandate.json` in {here} and every folder above it: run the command in a report's folder (or below it), or give --inputs DIR"
    ))
}

/// The bundled inputs written out, for as long as the value lives.
pub struct BundledInputs {
    folder: tempfile::TempDir,
}

impl BundledInputs {
    pub fn write() -> std::io::Result<Self> {
        let folder = tempfile::Builder::new()
            .prefix("report-inputs-")
            .tempdir()?;
        std::fs::create_dir_all(folder.path().join("reference"))?;
        std::fs::create_dir_all(folder.path().join("replies"))?;
        for (name, text) in BUNDLED {
            std::fs::write(folder.path().join(name), text)?;
        }
        Ok(Self { folder })
    }

    pub fn path(&self) -> &Path {
        self.folder.path()
    }
}

/// The inputs of a respondent's command: `--inputs` when given, the project's when there is
/// one, else the bundled ones (kept in the second value while they are used).
pub fn respondent_inputs(
    given: Option<&Path>,
) -> std::io::Result<(PathBuf, Option<BundledInputs>)> {
    if let Some(given) = given {
        return Ok((given.to_path_buf(), None));
    }
    if project_root().is_some() {
        return Ok((default_dir("inputs"), None));
    }
    let bundled = BundledInputs::write()?;
    Ok((bundled.path().to_path_buf(), Some(bundled)))
}
