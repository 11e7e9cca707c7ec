//! Static scripts, like stylesheets, are published under content-hashed names that `get_url`
//! answers (src/resolve/assets.rs); they also keep their own path, and the hashed copy still
//! finds the site root through `import.meta.url`.

mod common;

use std::path::Path;
use std::process::Command;

use common::TestSite;

const APP: &str = "// Finds the site root beside itself, as search.js does.\n\
                   export const root = new URL('./', import.meta.url).href\n\
                   export const here = import.meta.url\n";

/// The `src` of each `<script>` in `html`.
fn scripts(html: &str) -> Vec<&str> {
    html.split("<script type=\"module\" src=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .collect()
}

fn site() -> TestSite {
    let site = TestSite::minimal();
    site.write(
        "templates/index.html",
        "{% extends \"base.html\" %}{% block body %}\
         <script type=\"module\" src=\"{{ get_url(path='app.js') }}\"></script>\
         <script type=\"module\" src=\"{{ get_url(path='js/nested.js') }}\"></script>\
         <script type=\"module\" src=\"{{ get_url(path='lazy.js') }}\"></script>\
         {% endblock %}",
    )
    .write(
        "themes/plain/static/app.js",
        "export const root = 'theme';\n",
    )
    .write("static/app.js", APP)
    .write("static/js/nested.js", APP)
    .write(
        "static/lazy.js",
        "import { root } from './app.js';\nconsole.log(root);\n",
    );
    site
}

#[test]
fn scripts_get_hashed_urls_and_keep_their_own_path() {
    let site = site();
    site.build_ok();
    let home = site.read("index.html");
    let [app, nested, lazy] = scripts(&home)[..] else {
        panic!("three scripts in {home}");
    };
    assert!(
        app.starts_with("/help/assets/app.") && app.ends_with(".js"),
        "{app}"
    );
    assert!(
        nested.starts_with("/help/assets/js/nested.") && nested.ends_with(".js"),
        "{nested}"
    );
    // It imports a file relative to itself, so it cannot move.
    assert_eq!(lazy, "/help/lazy.js");

    // Not minified: the site's file (which wins over the theme's), with only
    // `import.meta.url` rebased to the original's address.
    let hashed = site.read(app.trim_start_matches("/help/"));
    assert_eq!(
        hashed,
        APP.replace(
            "import.meta.url",
            "new URL(\"../app.js\", import.meta.url).href"
        )
    );
    let hashed = site.read(nested.trim_start_matches("/help/"));
    assert!(hashed.contains("new URL(\"../../js/nested.js\", import.meta.url).href"));
    // The originals stay, byte for byte.
    assert_eq!(site.read("app.js"), APP);
    assert_eq!(site.read("js/nested.js"), APP);
    assert!(site.output().join("lazy.js").exists());
    let assets: Vec<String> = std::fs::read_dir(site.output().join("assets"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("lazy."))
        .collect();
    assert!(assets.is_empty(), "{assets:?}");

    // A change renames the file; the page follows.
    site.write("static/app.js", &format!("{APP}export const v = 2;\n"));
    site.build_ok();
    let again = scripts(&site.read("index.html"))[0].to_string();
    assert_ne!(again, app);
    assert!(site
        .output()
        .join(again.trim_start_matches("/help/"))
        .exists());
}

/// In a real JavaScript engine, the hashed copies resolve `./` to where the originals live.
#[test]
fn hashed_copies_resolve_relative_urls_like_the_originals() {
    if Command::new("node").arg("--version").output().is_err() {
        eprintln!("skipped: no node");
        return;
    }
    let site = site();
    site.build_ok();
    let home = site.read("index.html");
    let out = site.output();
    for (src, original) in scripts(&home).into_iter().zip(["app.js", "js/nested.js"]) {
        let hashed = out.join(src.trim_start_matches("/help/"));
        let root_of = |file: &Path| {
            let url = format!("file://{}", file.display());
            let run = Command::new("node")
                .args(["--input-type=module", "-e"])
                .arg(format!(
                    "const m = await import({url:?}); console.log(m.root + ' ' + m.here)"
                ))
                .output()
                .unwrap();
            assert!(
                run.status.success(),
                "{}",
                String::from_utf8_lossy(&run.stderr)
            );
            String::from_utf8(run.stdout).unwrap().trim().to_string()
        };
        assert_eq!(
            root_of(&hashed),
            root_of(&out.join(original)),
            "{src} vs {original}"
        );
    }
}
