"""Writes the syllable table (word<TAB>count, sorted) from a CMUdict cmudict.dict file.

Usage: python3 generate.py cmudict.dict > syllables.tsv
"""
import re
import sys

counts = {}
with open(sys.argv[1], encoding="utf-8") as dictionary:
    for line in dictionary:
        parts = line.split("#")[0].split()
        if not parts:
            continue
        word = parts[0]
        # The first pronunciation only: alternatives are written word(2), word(3)...
        if re.fullmatch(r".*\(\d+\)", word) or not re.fullmatch(r"[a-z][a-z']*", word):
            continue
        # Vowel phones carry a stress digit: AH0, EY1, ER2.
        counts[word] = sum(1 for phone in parts[1:] if phone[-1].isdigit())

sys.stdout.write("".join(f"{word}\t{n}\n" for word, n in sorted(counts.items())))
