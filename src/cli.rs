//! The command line: clap's raw arguments become library [`Options`], the
//! library runs, and one place maps the outcome to an exit code
//! (0 clean, 1 findings at or above `--fail-on`, 2 usage, config or I/O
//! error).

use std::io::{self, IsTerminal, Read, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::Selection;
use crate::error::Error;
use crate::finding::Severity;
use crate::registry::Registry;
use crate::report::{self, Format, Summary, human};
use crate::rules::Rule;
use crate::{Options, run};

#[derive(Parser, Debug)]
#[command(
    name = "draftlint",
    version,
    about = "Is this page ready to publish? Finds placeholders, template stubs, empty sections and notes to colleagues in Markdown drafts.",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Lint Markdown files and folders (default: the current folder).
    Check(CheckArgs),
    /// List every rule with its category and default severity.
    Rules {
        #[arg(long, value_enum, default_value_t = ListFormat::Human)]
        format: ListFormat,
        /// Run every rule's examples (yours included) and report the ones
        /// that do not behave as documented; exit 1 if any.
        #[arg(long)]
        check: bool,
        /// Use this config file (and its rule folders) instead of discovering one.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// Run the language server on standard input and output (for editors:
    /// diagnostics as you type, quick fixes).
    Lsp,
    /// Print a rule's documentation: what it flags, why, examples, options.
    Explain {
        /// A rule id, as `draftlint rules` lists them.
        rule: String,
        /// Use this config file (and its rule folders) instead of discovering one.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
}

#[derive(Args, Debug)]
struct CheckArgs {
    /// Files or folders to lint; `-` reads standard input.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,

    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// Exit with 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    fail_on: FailOn,

    /// Use this config file instead of discovering one.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,

    /// Only these rules or categories (comma-separated; repeatable).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    select: Vec<String>,

    /// Skip these rules or categories (comma-separated; repeatable).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    ignore: Vec<String>,

    /// The file name to report (and find a config from) for `-`.
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<PathBuf>,

    /// When to color human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,

    /// Apply safe fixes to the files (atomically), then report what is
    /// left.
    #[arg(long)]
    fix: bool,

    /// With --fix or --diff, apply unsafe fixes too: corrections that are
    /// likely but not certain (a spelling suggestion).
    #[arg(long)]
    unsafe_fixes: bool,

    /// Show what --fix would change, as a unified diff, without writing;
    /// exit 1 if it would change something.
    #[arg(long, conflicts_with_all = ["fix", "write_baseline", "baseline", "diff_base"])]
    diff: bool,

    /// Report only findings that are not in this baseline file (written by
    /// --write-baseline).
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    baseline: Option<PathBuf>,

    /// Record every finding of this run in FILE, to be passed to
    /// --baseline later; nothing is reported.
    #[arg(long, value_name = "FILE", conflicts_with = "diff_base")]
    write_baseline: Option<PathBuf>,

    /// Leave out files named on the command line that `.gitignore`,
    /// `.ignore` or `.draftlintignore` exclude (as when their folder is
    /// walked): for pre-commit hooks and editors, which name every file.
    #[arg(long)]
    force_exclude: bool,

    /// Report only findings on lines added or modified since this git
    /// revision (the working tree against it; untracked files count as
    /// new).
    #[arg(long, value_name = "REF")]
    diff_base: Option<String>,

    /// Check http(s) links over the network too (rules `broken-url` and
    /// `unverified-url`; settings under `links.external` in the config).
    /// Without it (or `links.check-external: true`) no connection is ever
    /// opened.
    #[arg(long)]
    check_external: bool,
}

/// Passes of fix-and-lint before giving up on edits that keep
/// overlapping.
const FIX_PASSES: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    fn level(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ListFormat {
    Human,
    Json,
    /// A Markdown table (the README's rule list is this output).
    Markdown,
}

/// Run the command line; returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    // Not locked for the whole run: the language server writes standard
    // output from its own thread.
    let mut out = io::BufWriter::new(io::stdout());
    let code = match cli.command {
        Command::Check(args) => check(args, &mut out),
        Command::Rules {
            check: true,
            config,
            ..
        } => check_rule_examples(config, &mut out),
        Command::Rules { format, config, .. } => list_rules(format, config, &mut out),
        Command::Explain { rule, config } => explain(&rule, config, &mut out),
        Command::Lsp => crate::lsp::serve(),
    };
    let code = match code {
        Ok(c) => c,
        Err(e) => {
            let _ = out.flush();
            eprintln!("error: {e}");
            2
        }
    };
    if out.flush().is_err() {
        // A closed pipe (`draftlint check | head`) is not an error.
        return code;
    }
    code
}

fn check(args: CheckArgs, out: &mut dyn Write) -> Result<i32, Error> {
    let selection = Selection {
        select: args.select,
        ignore: args.ignore,
    };
    let reads_stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    if reads_stdin && args.paths.len() > 1 {
        return Err(Error::Usage(
            "`-` (standard input) cannot be combined with other paths".into(),
        ));
    }
    let stdin = if reads_stdin {
        let mut bytes = Vec::new();
        io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io(&PathBuf::from("-"), &e))?;
        let name = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("-"));
        Some((name.clone(), crate::decode(&name, bytes)?))
    } else {
        if args.stdin_filename.is_some() {
            return Err(Error::Usage(
                "--stdin-filename needs `-` as the path".into(),
            ));
        }
        None
    };
    if args.fix && stdin.is_some() {
        return Err(Error::Usage(
            "--fix rewrites files; it cannot be used with `-` (standard input)".into(),
        ));
    }
    if args.unsafe_fixes && !(args.fix || args.diff) {
        return Err(Error::Usage(
            "--unsafe-fixes goes with --fix or --diff".into(),
        ));
    }
    if args.diff_base.is_some() && stdin.is_some() {
        return Err(Error::Usage(
            "--diff-base compares files with git; it cannot be used with `-` (standard input)"
                .into(),
        ));
    }
    // Before the run: a bad revision or baseline is a usage error, not a
    // reason to lint.
    let changed = args
        .diff_base
        .as_deref()
        .map(crate::changed::Changed::since)
        .transpose()?;
    let baseline = args
        .baseline
        .as_deref()
        .map(crate::baseline::Baseline::load)
        .transpose()?;
    if args.check_external && !cfg!(feature = "external") {
        return Err(Error::Usage(
            "--check-external: this build has no network checking (cargo feature `external`)"
                .into(),
        ));
    }
    let opts = Options {
        paths: args.paths,
        config: args.config,
        selection,
        stdin,
        check_external: args.check_external,
        offline: false,
        force_exclude: args.force_exclude,
    };
    let mut report = run(&opts)?;
    if args.diff {
        return preview(&opts, report, args.unsafe_fixes, out);
    }
    let mut fix_errors = Vec::new();
    let mut skipped = std::collections::BTreeSet::new();
    if args.fix {
        let mut fixed = 0;
        let mut files = std::collections::BTreeSet::new();
        for _ in 0..FIX_PASSES {
            let applied = crate::fix::apply(&report, args.unsafe_fixes);
            fix_errors.extend(applied.errors);
            skipped.extend(applied.skipped);
            if applied.fixes == 0 {
                break;
            }
            fixed += applied.fixes;
            files.extend(applied.files);
            report = run(&opts)?;
        }
        for why in &skipped {
            eprintln!("{why}");
        }
        if fixed > 0 {
            eprintln!(
                "Fixed {} in {}.",
                report::plural(fixed, "finding", "findings"),
                report::plural(files.len(), "file", "files")
            );
        }
    }
    report.errors.extend(fix_errors);
    let mut notes = Vec::new();
    if let Some(file) = &args.write_baseline {
        let n = crate::baseline::write(file, &report)?;
        report.files.clear();
        notes.push(format!(
            "Wrote {} to the baseline {}.",
            report::plural(n, "finding", "findings"),
            file.display()
        ));
    }
    if let Some(baseline) = &baseline {
        let n = baseline.filter(&mut report);
        if n > 0 {
            notes.push(format!(
                "{} in the baseline not shown.",
                report::plural(n, "finding", "findings")
            ));
        }
    }
    if let (Some(changed), Some(base)) = (&changed, &args.diff_base) {
        let n = changed.filter(&mut report);
        if n > 0 {
            notes.push(format!(
                "{} on lines unchanged since {base} not shown.",
                report::plural(n, "finding", "findings")
            ));
        }
    }
    let result = match args.format {
        Format::Human => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            };
            let width = terminal_width();
            human::write(&report, human::Style { color, width }, out)
        }
        Format::Concise => report::concise::write(&report, out),
        Format::Json => report::json::write(&report, out),
        Format::Sarif => report::sarif::write(&report, &crate::registry::Registry::builtin(), out),
        Format::Github => report::github::write(&report, out),
        Format::Junit => report::junit::write(&report, out),
        Format::Rdjson => report::rdjson::write(&report, out),
        Format::Summary => report::summary::write(&report, args.fail_on.level(), out),
    };
    if let Err(e) = result
        && e.kind() != io::ErrorKind::BrokenPipe
    {
        return Err(Error::Io {
            path: PathBuf::from("<stdout>"),
            message: e.to_string(),
        });
    }
    // Machine formats carry the errors themselves.
    if matches!(
        args.format,
        Format::Human | Format::Concise | Format::Summary | Format::Rdjson
    ) {
        for e in &report.errors {
            eprintln!("error: {e}");
        }
    }
    for n in notes {
        eprintln!("{n}");
    }
    let summary = Summary::of(&report);
    Ok(if !report.errors.is_empty() {
        2
    } else if summary.fails(args.fail_on.level()) {
        1
    } else {
        0
    })
}

/// `--diff`: what `--fix` would write, as a unified diff per file, each
/// file's fixes applied pass after pass in memory as `--fix` does on disk.
/// Exit 1 when something would change.
fn preview(
    opts: &Options,
    report: crate::Report,
    unsafe_fixes: bool,
    out: &mut dyn Write,
) -> Result<i32, Error> {
    let mut changed = 0;
    let mut fixes = 0;
    for file in &report.files {
        let (mut text, mut n) = match crate::fix::fixed(file, unsafe_fixes) {
            Ok(done) => done,
            Err(why) => {
                eprintln!("{why}");
                continue;
            }
        };
        if n == 0 {
            continue;
        }
        let mut total = n;
        for _ in 1..FIX_PASSES {
            let again = run(&Options {
                stdin: Some((file.path.clone(), text.clone())),
                paths: Vec::new(),
                ..opts.clone()
            })?;
            let Some(next) = again.files.first() else {
                break;
            };
            let Ok(again) = crate::fix::fixed(next, unsafe_fixes) else {
                break;
            };
            (text, n) = again;
            if n == 0 {
                break;
            }
            total += n;
        }
        if text == file.source {
            continue;
        }
        // Headers as git writes them: `a/` and `b/` before a relative
        // path, a tab after a name with a space.
        let name = report::display_path(&file.path).replace('\\', "/");
        let name = name.trim_start_matches('/');
        let tab = if name.contains(' ') { "\t" } else { "" };
        let diff = similar::TextDiff::from_lines(&file.source, &text);
        let w = write!(
            out,
            "{}",
            diff.unified_diff()
                .context_radius(3)
                .header(&format!("a/{name}{tab}"), &format!("b/{name}{tab}"))
        );
        w.map_err(|e| Error::Io {
            path: PathBuf::from("<stdout>"),
            message: e.to_string(),
        })?;
        changed += 1;
        fixes += total;
    }
    if changed > 0 {
        eprintln!(
            "Would fix {} in {}.",
            report::plural(fixes, "finding", "findings"),
            report::plural(changed, "file", "files")
        );
    } else {
        eprintln!("Nothing to fix.");
    }
    for e in &report.errors {
        eprintln!("error: {e}");
    }
    Ok(if !report.errors.is_empty() {
        2
    } else {
        i32::from(changed > 0)
    })
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100)
}

/// The registry of the config in use: user rule folders included.
fn registry(config: Option<PathBuf>) -> Result<std::sync::Arc<Registry>, Error> {
    let file = config.or_else(|| crate::config::discover(std::path::Path::new(".")));
    Ok(match file {
        Some(f) => crate::config::Config::load(&f, Selection::default())?.registry,
        None => std::sync::Arc::new(Registry::builtin()),
    })
}

fn list_rules(
    format: ListFormat,
    config: Option<PathBuf>,
    out: &mut dyn Write,
) -> Result<i32, Error> {
    let reg = registry(config)?;
    let w = |e: io::Error| Error::Io {
        path: PathBuf::from("<stdout>"),
        message: e.to_string(),
    };
    match format {
        ListFormat::Human => {
            let width = reg
                .rules()
                .iter()
                .map(|r| r.meta().id.len())
                .max()
                .unwrap_or(0);
            for r in reg.rules() {
                let m = r.meta();
                let state = m.default_state();
                writeln!(
                    out,
                    "{:width$}  {:12}  {:7}  {}",
                    m.id,
                    m.category.as_str(),
                    state,
                    m.summary
                )
                .map_err(w)?;
            }
        }
        ListFormat::Markdown => {
            out.write_all(rules_table(&reg).as_bytes()).map_err(w)?;
        }
        ListFormat::Json => {
            let rules: Vec<serde_json::Value> = reg
                .rules()
                .iter()
                .map(|r| {
                    let m = r.meta();
                    serde_json::json!({
                        "id": &*m.id,
                        "category": m.category.as_str(),
                        "severity": m.severity.as_str(),
                        "enabled": m.enabled,
                        "fixable": m.fixable,
                        "summary": m.summary,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &rules).map_err(|e| Error::Io {
                path: PathBuf::from("<stdout>"),
                message: e.to_string(),
            })?;
            writeln!(out).map_err(w)?;
        }
    }
    Ok(0)
}

fn explain(id: &str, config: Option<PathBuf>, out: &mut dyn Write) -> Result<i32, Error> {
    let reg = registry(config)?;
    let Some(rule) = reg.get(id) else {
        let hint = reg
            .suggest(id)
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        return Err(Error::Usage(format!(
            "unknown rule `{id}`{hint}; `draftlint rules` lists them"
        )));
    };
    out.write_all(docs(rule.as_ref()).as_bytes())
        .map_err(|e| Error::Io {
            path: PathBuf::from("<stdout>"),
            message: e.to_string(),
        })?;
    Ok(0)
}

fn check_rule_examples(config: Option<PathBuf>, out: &mut dyn Write) -> Result<i32, Error> {
    let reg = registry(config)?;
    let failures = crate::registry::check_examples(&reg);
    let w = |e: io::Error| Error::Io {
        path: PathBuf::from("<stdout>"),
        message: e.to_string(),
    };
    for f in &failures {
        writeln!(out, "{f}\n").map_err(w)?;
    }
    let examples: usize = reg
        .rules()
        .iter()
        .map(|r| r.meta().flags.len() + r.meta().passes.len())
        .sum();
    writeln!(
        out,
        "{} rules, {examples} examples: {}",
        reg.rules().len(),
        if failures.is_empty() {
            "all as documented".to_string()
        } else {
            format!("{} not as documented", failures.len())
        }
    )
    .map_err(w)?;
    Ok(i32::from(!failures.is_empty()))
}

/// Every rule as a Markdown table: id, category, default, what it finds.
pub fn rules_table(reg: &Registry) -> String {
    let mut s = String::from("| rule | category | default | finds |\n| --- | --- | --- | --- |\n");
    for r in reg.rules() {
        let m = r.meta();
        let state = m.default_state();
        let summary = m.summary.replace('|', "\\|");
        s.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            m.id, m.category, state, summary
        ));
    }
    s
}

/// A rule's documentation in the one outline every rule follows.
pub fn docs(rule: &dyn Rule) -> String {
    let m = rule.meta();
    let mut s = format!(
        "# {}\n\nCategory: {}. Default: {}{}.\n\n## What it flags\n\n{}\n\n## Why\n\n{}\n",
        m.id,
        m.category,
        m.default_state(),
        if m.fixable { ", fixable" } else { "" },
        m.summary,
        m.why.trim_end()
    );
    let example = |s: &mut String, title: &str, items: &[std::borrow::Cow<'static, str>]| {
        if items.is_empty() {
            return;
        }
        s.push_str(&format!("\n## {title}\n"));
        for e in items {
            s.push_str("\n```markdown\n");
            s.push_str(e.trim_end());
            s.push_str("\n```\n");
        }
    };
    example(&mut s, "Flagged", &m.flags);
    example(&mut s, "Not flagged", &m.passes);
    s.push_str("\n## Options\n\n");
    if m.options.is_empty() {
        s.push_str("None besides `severity` (off, info, warning, error).\n");
    } else {
        s.push_str("- `severity`: off, info, warning or error.\n");
        for o in &m.options {
            s.push_str(&format!(
                "- `{}` ({}; default `{}`): {}\n",
                o.name,
                o.kind.describe(),
                o.default,
                o.doc
            ));
        }
    }
    s
}
