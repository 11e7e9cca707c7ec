#!/usr/bin/env python3
"""Moves the bundled sample onto the governance workflow (docs/governance.md).

Every article in the given content folders that has no recorded approval in the site's
reviews.toml loses its review fields (last_reviewed, next_review, reviewed_by, reviewer) and
gets review_status = "sample": it is sample content awaiting a provider's clinical review, and
the theme and JSON-LD say so instead of naming an invented reviewer. The date it carried moves
to `updated` (when the page has none), so feeds and sitemaps keep a date. An English page and
its translation end up in the same state, so they follow the same review cycle.

Re-runnable: a page already migrated is left as it is, and a page with an approval in
reviews.toml is never touched. Drafts only lose invented review fields.

    python3 scripts/migrate-review-fields.py                  # content/ and the starter site
    python3 scripts/migrate-review-fields.py path/to/content  # another folder
"""

import os
import re
import sys

REVIEW_KEYS = ("last_reviewed", "next_review", "reviewed_by", "reviewer", "review_status")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_DIRS = [("content", ROOT), ("src/scaffold/starter/content", os.path.join(ROOT, "src/scaffold/starter"))]


def approved_paths(site_root):
    """Page paths (below content/) with an entry in the site's reviews.toml."""
    path = os.path.join(site_root, "reviews.toml")
    if not os.path.exists(path):
        return set()
    with open(path, encoding="utf-8") as f:
        return set(re.findall(r'^\["([^"]+)"\]\s*$', f.read(), re.M))


def key_of(line, yaml):
    match = re.match(r"^([A-Za-z_][A-Za-z0-9_-]*)\s*" + (":" if yaml else "="), line)
    return match.group(1) if match else None


def migrate(text):
    """The file's text after migration (the same text when nothing changes)."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    if not lines or lines[0].strip() not in ("+++", "---"):
        return text
    delimiter = lines[0].strip()
    yaml = delimiter == "---"
    try:
        close = next(i for i in range(1, len(lines)) if lines[i].strip() == delimiter)
    except StopIteration:
        return text
    front = lines[1:close]
    # Top-level keys only: in TOML they end at the first table header.
    top_end = next((i for i, l in enumerate(front) if not yaml and l.lstrip().startswith("[")), len(front))
    top, rest = front[:top_end], front[top_end:]
    keys = {}
    kept = []
    skipping = False
    for line in top:
        key = key_of(line, yaml)
        if key is not None:
            skipping = key in REVIEW_KEYS
            if skipping:
                keys[key] = line
                continue
        elif skipping and yaml and line.startswith((" ", "\t")):
            continue  # a YAML value continued on the next line
        else:
            skipping = False
        kept.append(line)
    draft = any(re.match(r"^draft\s*[=:]\s*true\s*$", l) for l in kept)
    has_updated = any(key_of(l, yaml) == "updated" for l in kept)
    last = keys.get("last_reviewed")
    if last and not has_updated:
        value = last.split(":" if yaml else "=", 1)[1].strip()
        kept.insert(insert_at(kept, yaml), ("updated: " if yaml else "updated = ") + value)
    if not draft:
        status = 'review_status: "sample"' if yaml else 'review_status = "sample"'
        kept.insert(insert_at(kept, yaml), status)
    new_front = kept + rest
    return newline.join(lines[:1] + new_front + lines[close:])


def insert_at(top, yaml):
    """After the last of title, description, slug, weight, updated or review_status."""
    at = 0
    for i, line in enumerate(top):
        if key_of(line, yaml) in ("title", "description", "slug", "weight", "date", "updated", "review_status"):
            at = i + 1
    return at


def run(content_dir, site_root):
    approved = approved_paths(site_root)
    changed = 0
    for folder, _, files in sorted(os.walk(content_dir)):
        for name in sorted(files):
            if not name.endswith(".md"):
                continue
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, content_dir).replace(os.sep, "/")
            if rel in approved:
                continue
            with open(path, encoding="utf-8", newline="") as f:
                text = f.read()
            new = migrate(text)
            if new != text:
                with open(path, "w", encoding="utf-8", newline="") as f:
                    f.write(new)
                changed += 1
    return changed


def main(argv):
    targets = [(d, os.path.dirname(os.path.abspath(d))) for d in argv] or [
        (os.path.join(ROOT, d), root) for d, root in DEFAULT_DIRS
    ]
    for content_dir, site_root in targets:
        changed = run(content_dir, site_root)
        print(f"{os.path.relpath(content_dir, ROOT)}: {changed} files migrated")


if __name__ == "__main__":
    main(sys.argv[1:])
