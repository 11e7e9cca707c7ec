//! A build whose inputs did not change leaves the output alone and reports the same problems;
//! a build after a change rewrites only the files whose bytes changed, keeping the others'
//! modification times; and whatever the last build left, the output is the one a fresh build
//! makes.

mod common;

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use common::{tree, TestSite};
use continuum::load::front_matter::Date;
use continuum::Outcome;

/// Every output file's inode and modification time.
fn stamps(dir: &Path) -> Vec<(String, u64, i64, i64)> {
    let mut stamps: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let meta = e.metadata().expect("metadata");
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            (rel, meta.ino(), meta.mtime(), meta.mtime_nsec())
        })
        .collect();
    stamps.sort();
    stamps
}

/// The same site built afresh into a folder of its own.
fn fresh_tree(site: &TestSite) -> std::collections::BTreeMap<String, Vec<u8>> {
    let other = tempfile::tempdir().unwrap();
    let mut options = site.options();
    options.output = Some(other.path().join("out"));
    let outcome = continuum::build(&options);
    assert!(!outcome.up_to_date);
    tree(&other.path().join("out"))
}

fn messages(outcome: &Outcome) -> String {
    outcome.diagnostics.report(false)
}

/// A site with warnings (an article without review dates and with a long sentence), so that
/// reporting them again is tested too.
fn site_with_warnings() -> TestSite {
    let site = TestSite::fixture("features");
    site.page(
        "unreviewed.md",
        "title = \"Unreviewed\"",
        "This one sentence goes on and on, because it has to be long enough for the checks to notice that it runs past the limit that editors set for a single sentence in an article.\n",
    );
    site
}

#[test]
fn a_build_with_nothing_changed_writes_nothing_and_reports_the_same_problems() {
    let site = site_with_warnings();
    let first = site.build_ok();
    assert!(!first.up_to_date);
    assert!(
        first.diagnostics.iter().count() > 0,
        "the site has warnings"
    );
    let before = stamps(&site.output());

    let second = site.build_ok();
    assert!(second.up_to_date, "{:?}", second.timings);
    assert_eq!(messages(&second), messages(&first));
    assert_eq!(second.pages, first.pages);
    let (a, b) = (first.emitted.unwrap(), second.emitted.unwrap());
    assert_eq!((a.files, a.bytes), (b.files, b.bytes));
    assert_eq!(stamps(&site.output()), before, "nothing was written");
    // Rewriting a file with the same text is no change either.
    let home = site.root().join("content/_index.md");
    fs::write(&home, fs::read(&home).unwrap()).unwrap();
    assert!(site.build_ok().up_to_date);
}

#[test]
fn an_edit_rewrites_only_the_files_that_change() {
    let site = site_with_warnings();
    site.build_ok();
    let before = stamps(&site.output());
    site.page(
        "unreviewed.md",
        "title = \"Unreviewed\"",
        "Short and clear now.\n",
    );
    let outcome = site.build_ok();
    assert!(!outcome.up_to_date);
    let stats = outcome.emitted.unwrap();
    assert!(stats.kept > 0 && stats.kept < stats.files, "{stats:?}");
    let after = stamps(&site.output());
    let page = after
        .iter()
        .find(|s| s.0 == "unreviewed/index.html")
        .unwrap();
    assert!(!before.contains(page), "the edited page was written");
    let kept = after.iter().filter(|s| before.contains(s)).count();
    assert_eq!(kept, stats.kept, "kept files keep their inode and time");
    assert!(site
        .read("unreviewed/index.html")
        .contains("Short and clear now."));
    assert_eq!(tree(&site.output()), fresh_tree(&site));
}

#[test]
fn a_changed_output_folder_is_built_again() {
    let site = TestSite::fixture("features");
    site.build_ok();
    let expected = tree(&site.output());
    let output = site.output();
    // A file edited by hand (same length, new time), one removed, one added.
    let index = output.join("index.html");
    let text = fs::read_to_string(&index).unwrap();
    fs::write(&index, text.replacen('<', ">", 1)).unwrap();
    assert!(!site.build_ok().up_to_date);
    assert_eq!(tree(&output), expected);
    fs::remove_file(output.join("sitemap.xml")).unwrap();
    assert!(!site.build_ok().up_to_date);
    assert_eq!(tree(&output), expected);
    fs::write(output.join("stray.html"), "left by hand").unwrap();
    assert!(!site.build_ok().up_to_date);
    assert_eq!(tree(&output), expected);
    assert!(site.build_ok().up_to_date);
}

#[test]
fn other_options_a_new_static_file_or_a_lost_record_build_again() {
    let site = TestSite::fixture("features");
    site.build_ok();
    let mut options = site.options();
    options.base_url = Some("https://preview.example.net/zz-preview/".into());
    let outcome = continuum::build(&options);
    assert!(!outcome.up_to_date);
    assert!(site.read("index.html").contains("/zz-preview/"));
    assert!(!continuum::build(&site.options()).up_to_date);
    assert!(!site.read("index.html").contains("/zz-preview/"));

    // The review dates are compared with the day of the build.
    let mut options = site.options();
    options.checks.today = Some(Date::parse("2031-01-01").unwrap());
    assert!(!continuum::build(&options).up_to_date);
    assert!(continuum::build(&options).up_to_date);

    site.write("static/notes.txt", "one");
    assert!(!site.build_ok().up_to_date);
    site.write("static/notes.txt", "two");
    assert!(!site.build_ok().up_to_date);
    assert_eq!(site.read("notes.txt"), "two");

    let record = site.root().join(".public.build.json");
    fs::write(&record, "{ not json").unwrap();
    assert!(!site.build_ok().up_to_date);
    // Without a record the folder is not known to be continuum's: replacing it needs a flag.
    fs::remove_file(&record).unwrap();
    let refused = common::single_error(&site.build());
    assert!(refused.message.contains("continuum did not write it"));
    let mut options = site.options();
    options.replace_output = true;
    assert!(!continuum::build(&options).up_to_date);
    assert!(site.build_ok().up_to_date);
}

#[test]
fn a_failed_build_keeps_the_record_of_the_output_it_left() {
    let site = TestSite::fixture("features");
    site.build_ok();
    let good = fs::read(site.root().join("content/_index.md")).unwrap();
    site.write("content/_index.md", "+++\ntitle = \n+++\n");
    assert!(site.build().diagnostics.has_errors());
    // Back to what the output was built from: nothing to do.
    fs::write(site.root().join("content/_index.md"), good).unwrap();
    assert!(site.build_ok().up_to_date);
}

#[test]
fn a_record_with_impossible_spans_is_ignored_not_trusted() {
    let site = site_with_warnings();
    let first = site.build_ok();
    let path = site.root().join(".public.build.json");
    // Past the end of the file, then backwards.
    for (start, end) in [(1_000_000, 1_000_001), (40, 3)] {
        let mut record: serde_json::Value =
            serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
        let mut changed = 0;
        for diagnostic in record["inputs"]["diagnostics"].as_array_mut().unwrap() {
            if let Some(location) = diagnostic["location"].as_array_mut() {
                location[1] = start.into();
                location[2] = end.into();
                changed += 1;
            }
        }
        assert!(changed > 0);
        fs::write(&path, serde_json::to_vec(&record).unwrap()).unwrap();
        let again = site.build_ok();
        assert!(
            !again.up_to_date,
            "built afresh rather than quoting {start}..{end}"
        );
        assert_eq!(messages(&again), messages(&first));
    }
}

/// Size and modification time are not enough: a file replaced by one of the same size, its
/// time set back (as `cp -p`, `rsync -t`, `tar` and `git checkout` of an old tree can do), is
/// a change. Its inode or its change time (ctime) differ.
#[test]
fn a_file_replaced_with_the_same_size_and_time_is_a_change() {
    let site = TestSite::fixture("features");
    site.write("static/notes.txt", "one");
    site.write("content/data.txt", "one");
    site.build_ok();
    let set_back = |rel: &str, text: &str, rename: bool| {
        let path = site.root().join(rel);
        let old = fs::metadata(&path).unwrap().modified().unwrap();
        if rename {
            let new = path.with_extension("new");
            fs::write(&new, text).unwrap();
            fs::File::options()
                .write(true)
                .open(&new)
                .unwrap()
                .set_modified(old)
                .unwrap();
            fs::rename(&new, &path).unwrap();
        } else {
            fs::write(&path, text).unwrap();
            let file = fs::File::options().write(true).open(&path).unwrap();
            file.set_modified(old).unwrap();
        }
        assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), old);
    };
    // Overwritten in place (same inode, new change time).
    set_back("static/notes.txt", "two", false);
    assert!(!site.build_ok().up_to_date);
    assert_eq!(site.read("notes.txt"), "two");
    // Replaced by another file (a new inode).
    set_back("content/data.txt", "two", true);
    assert!(!site.build_ok().up_to_date);
    assert_eq!(site.read("data.txt"), "two");

    // `serve`'s load cache reads a replaced Markdown file again.
    let options = site.options();
    let (config, _) = continuum::load_config(site.root(), &options).unwrap();
    let mut cache = continuum::load::LoadCache::default();
    continuum::load::load_cached(site.root(), &config, &mut cache);
    site.page("same.md", "title = \"Same\"", "one\n");
    continuum::load::load_cached(site.root(), &config, &mut cache);
    set_back(
        "content/same.md",
        &fs::read_to_string(site.root().join("content/same.md"))
            .unwrap()
            .replace("one", "two"),
        false,
    );
    let (corpus, _) = continuum::load::load_cached(site.root(), &config, &mut cache);
    let same = corpus
        .documents
        .iter()
        .find(|d| d.rel_path == "same.md")
        .unwrap();
    assert!(same.body_text().contains("two"), "{}", same.body_text());
}
