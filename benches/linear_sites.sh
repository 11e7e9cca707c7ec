#!/usr/bin/env bash
# Generates the sites of BENCHMARKS.md "Linear time (issue 15)" under /dev/shm/lin, each at
# one and four times a size: N equal headings, N taxonomies, N distinct words on one page.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
out=/dev/shm/lin; mkdir -p $out
base() { rm -rf "$1"; cp -r $repo/tests/fixtures/minimal "$1"; }
# N identical headings on one page
for n in 5000 20000; do d=$out/headings-$n; base $d
  { printf '+++\ntitle = "Headings"\n+++\n'; for i in $(seq 1 $n); do printf '## Same\n\nText.\n\n'; done; } > $d/content/h.md; done
# N taxonomies, one page each (in a section), on the default theme
for n in 500 2000; do d=$out/taxonomies-$n; base $d; cp -r $repo/themes/default $d/themes/
  { printf 'title = "T"\nbase_url = "https://e.org/"\ntheme = "default"\n[search]\nenabled = false\n'; for i in $(seq 1 $n); do printf '[[taxonomies]]\nname = "t%d"\ntitle = "Tax %d"\n' $i $i; done; } > $d/config.toml
  mkdir -p $d/content/s; printf '+++\ntitle = "S"\n+++\n' > $d/content/s/_index.md
  for i in $(seq 1 $n); do printf '+++\ntitle = "P%d"\ndescription = "A page."\n[taxonomies]\nt%d = ["term %d"]\n+++\nBody.\n' $i $i $i > $d/content/s/p$i.md; done; done
# N distinct words on one page, search on
for n in 250000 1000000; do d=$out/words-$n; base $d; printf '\n[search]\nenabled = true\n' >> $d/config.toml
  python3 - "$n" "$d/content/big.md" <<'PY'
import sys,string
n=int(sys.argv[1])
def word(i):
    s=''; i+=26**3
    while i: s=string.ascii_lowercase[i%26]+s; i//=26
    return s
w=[word(i) for i in range(n)]
open(sys.argv[2],'w').write('+++\ntitle = "Big"\n+++\n'+'\n\n'.join(' '.join(w[j:j+20])+'.' for j in range(0,n,20))+'\n')
PY
done
