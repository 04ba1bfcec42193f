//! Fills each command's `--scheme`, `--encoding`, `--keymap` and `--model` (and the editor's
//! options) with the settings in force (`settings::settle`: flags over the project file over
//! the defaults), before the command runs. Called by `commands::run`, `editor::run` and
//! `editor::review`.

use super::settings::{Flags, Settings, Source, settle};
use super::{Command, EditorArgs};
use crate::located::LocatedError;

/// Fills a command's `--scheme`, `--encoding`, `--keymap` and `--model` from the project file
/// where the flag was not given.
pub fn apply(command: &mut Command) -> Result<(), LocatedError> {
    use Command as C;
    let (paths, common, read, source) = match command {
        C::Check(a) => (a.paths.clone(), &mut a.common, &mut a.read, None),
        C::Stats(a) => (a.paths.clone(), &mut a.common, &mut a.read, None),
        C::Strip(a) => (vec![a.file.clone()], &mut a.common, &mut a.read, None),
        // A model or backend only writes Label Studio predictions: any other format leaves it
        // unused.
        C::Export(a) => {
            let source = (a.format == super::export::ExportFormat::Labelstudio)
                .then_some((&mut a.model, &mut a.backend.backend));
            (a.paths.clone(), &mut a.common, &mut a.read, source)
        }
        C::Import(a) => (vec![a.input.clone()], &mut a.common, &mut a.read, None),
        // `--from` asks for the lexicon: the project's model or backend is for when none is given.
        C::Suggest(a) => {
            let source = (a.from.is_empty() && !a.evaluate)
                .then_some((&mut a.model, &mut a.backend.backend));
            (a.paths.clone(), &mut a.common, &mut a.read, source)
        }
        C::Train(a) => (a.from.clone(), &mut a.common, &mut a.read, None),
        C::Agree(a) => (vec![a.a.clone()], &mut a.common, &mut a.read, None),
        C::Diff(a) => (vec![a.a.clone()], &mut a.common, &mut a.read, None),
        C::Merge(a) => (vec![a.ours.clone()], &mut a.common, &mut a.read, None),
        C::Review(a) => {
            let flags = Flags {
                scheme: a.common.scheme.take(),
                keymap: a.keymap.take(),
                ..Flags::default()
            };
            let settings = settle(std::slice::from_ref(&a.a), flags)?;
            a.common.scheme = settings.scheme.value;
            a.keymap = settings.keymap.value;
            return Ok(());
        }
        C::Config(_) | C::Init(_) | C::Completions(_) | C::Man(_) => return Ok(()),
    };
    let flags = Flags {
        scheme: common.scheme.take(),
        encoding: read.given,
        model: source.as_ref().and_then(|(m, _)| (**m).clone()),
        backend: source.as_ref().and_then(|(_, b)| (**b).clone()),
        ..Flags::default()
    };
    let settings = settle(&paths, flags)?;
    common.scheme = settings.scheme.value;
    read.encoding = settings.encoding.value;
    if let Some((model, backend)) = source {
        // One source of predictions: a flag's over the file's, a backend over a model.
        let (m, b) = (settings.model, settings.backend);
        let flag_model = m.source == Source::Flag;
        if b.source == Source::Flag || (b.value.is_some() && !flag_model) {
            *backend = b.value;
            *model = None;
        } else {
            *model = m.value;
        }
    }
    Ok(())
}

/// `apply` for the editor: its files, and the editor's own options.
pub fn apply_editor(args: &mut EditorArgs) -> Result<Settings, LocatedError> {
    let flags = Flags {
        scheme: args.common.scheme.take(),
        keymap: args.keymap.take(),
        encoding: args.encoding,
        model: args.model.take(),
        backend: args.backend.backend.take(),
        retrain_every: args.retrain_every,
        narrow_quotes: args.narrow_quotes,
    };
    let settings = settle(&args.files, flags)?;
    args.common.scheme = settings.scheme.value.clone();
    args.keymap = settings.keymap.value.clone();
    args.encoding = Some(settings.encoding.value);
    args.model = settings.model.value.clone();
    // The editor takes both: the backend's predictions, the model's (or the lexicon's) until
    // they come.
    args.backend.backend = settings.backend.value.clone();
    args.retrain_every = Some(settings.retrain_every.value);
    args.narrow_quotes = settings.narrow_quotes.value;
    // Only what the project file sets overrides the keymaps' options.
    args.scrolloff =
        (settings.scrolloff.source == Source::File).then_some(settings.scrolloff.value);
    args.cursor_after_tag = (settings.cursor_after_tag.source == Source::File)
        .then_some(settings.cursor_after_tag.value);
    Ok(settings)
}
