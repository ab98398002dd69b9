//! The Typst `World` of a build: the only way Typst reaches files, fonts and the clock.
//!
//! It serves the generated main file, files under the templates folder and the fonts of the
//! fonts folder, nothing else: no system fonts, no packages, no network, no path outside the
//! templates folder (`..` and symlinks that lead out are refused), and a fixed date.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// Path of the generated main file inside the templates folder's virtual root.
pub const MAIN_PATH: &str = "/report.typ";
/// Path of the generated main file of the compilation of replies.
pub const COMPILATION_PATH: &str = "/compilation.typ";

pub struct SandboxWorld {
    root: PathBuf,
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    today: Datetime,
    files: Mutex<HashMap<FileId, FileResult<Bytes>>>,
}

/// Fonts loaded from a folder, in file-name order so that the font book is reproducible.
pub struct FontSet {
    pub fonts: Vec<Font>,
    /// Files in the folder that held no usable font.
    pub rejected: Vec<PathBuf>,
}

pub fn load_fonts(dir: &Path) -> std::io::Result<FontSet> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.extension()
                .and_then(|extension| extension.to_str())
                .is_some_and(|extension| {
                    matches!(
                        extension.to_ascii_lowercase().as_str(),
                        "ttf" | "otf" | "ttc" | "otc"
                    )
                })
        })
        .collect();
    paths.sort();
    let mut fonts = Vec::new();
    let mut rejected = Vec::new();
    for path in paths {
        let data = fs::read(&path)?;
        let before = fonts.len();
        fonts.extend(Font::iter(Bytes::new(data)));
        if fonts.len() == before {
            rejected.push(path);
        }
    }
    Ok(FontSet { fonts, rejected })
}

impl SandboxWorld {
    /// `root` must exist; it is canonicalized so that symlinks can be checked against it.
    pub fn new(
        root: &Path,
        fonts: Vec<Font>,
        main_text: String,
        today: Datetime,
    ) -> std::io::Result<Self> {
        Self::with_main(root, MAIN_PATH, fonts, main_text, today)
    }

    /// A world whose generated main file sits at `main_path` (`/report.typ`,
    /// `/compilation.typ`), so that Typst's messages name the document they are about.
    pub fn with_main(
        root: &Path,
        main_path: &str,
        fonts: Vec<Font>,
        main_text: String,
        today: Datetime,
    ) -> std::io::Result<Self> {
        let root = root.canonicalize()?;
        let main_id = VirtualPath::new(main_path)
            .map(|path| RootedPath::new(VirtualRoot::Project, path).intern())
            .map_err(|error| std::io::Error::other(format!("{error:?}")))?;
        Ok(Self {
            root,
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            main: Source::new(main_id, main_text),
            today,
            files: Mutex::new(HashMap::new()),
        })
    }

    pub fn main_source(&self) -> &Source {
        &self.main
    }

    /// Gives the main file new text. Typst reparses only the part that changed, so that its
    /// memoized layout of the rest can be used again.
    pub fn replace_main(&mut self, text: &str) {
        self.main.replace(text);
    }

    pub fn set_today(&mut self, today: Datetime) {
        self.today = today;
    }

    /// Forgets every file read so far, so that the next compilation reads the templates
    /// folder again (after a template changed).
    pub fn forget_files(&mut self) {
        if let Ok(files) = self.files.get_mut() {
            files.clear();
        }
    }

    fn read(&self, id: FileId) -> FileResult<Bytes> {
        if let Ok(cache) = self.files.lock()
            && let Some(cached) = cache.get(&id)
        {
            return cached.clone();
        }
        let result = self.read_uncached(id);
        if let Ok(mut cache) = self.files.lock() {
            cache.insert(id, result.clone());
        }
        result
    }

    fn read_uncached(&self, id: FileId) -> FileResult<Bytes> {
        if let VirtualRoot::Package(spec) = id.root() {
            return Err(FileError::Other(Some(
                format!(
                    "package {spec} is not available: reports are typeset offline from the templates folder only"
                )
                .into(),
            )));
        }
        let path = id.vpath().realize(&self.root).map_err(FileError::Realize)?;
        let real = path
            .canonicalize()
            .map_err(|error| FileError::from_io(error, &path))?;
        if !real.starts_with(&self.root) {
            return Err(FileError::AccessDenied);
        }
        if real.is_dir() {
            return Err(FileError::IsDirectory);
        }
        fs::read(&real)
            .map(Bytes::new)
            .map_err(|error| FileError::from_io(error, &path))
    }
}

impl World for SandboxWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        let bytes = self.read(id)?;
        let text = std::str::from_utf8(bytes.as_slice()).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text.to_owned()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.text().to_owned()));
        }
        self.read(id)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    /// The document's date, whatever the wall clock says, so that output is reproducible.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
