//! Byte offsets to line and column, for every diagnostic of a file. [`LineIndex`] records
//! where each line starts once per file; a position is then a binary search and a count of
//! the characters before it on its line, so a page with many findings costs no more per
//! finding than one with a few. Lines and columns are 1-based; columns count characters.

/// The start of each line of one text.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    /// Byte offset of each line's first byte; the first is always 0.
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text).map(|i| i + 1));
        LineIndex { starts }
    }

    /// 1-based line and column (in characters) of byte `offset` of `text`, the text this
    /// index was made from. An offset inside a character counts as that character; one past
    /// the end is the end.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while offset > 0 && !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self.starts[line - 1];
        (line, text[start..offset].chars().count() + 1)
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter(|&(_, b)| b == b'\n')
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Line and column by counting from the start of the text (what the index replaces).
    fn counted(text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (
            before.matches('\n').count() + 1,
            before[line_start..].chars().count() + 1,
        )
    }

    /// The same answer as counting from the start of the text, at every offset.
    #[test]
    fn agrees_with_counting_from_the_start() {
        let text = "ab\ncdé\n\nf\u{1F600}g\n";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(
                index.line_col(text, offset),
                counted(text, offset),
                "offset {offset}"
            );
        }
        assert_eq!(index.line_col(text, 3), (2, 1));
        assert_eq!(index.line_col(text, 7), (2, 4));
    }

    #[test]
    fn empty_text_is_line_one() {
        assert_eq!(LineIndex::new("").line_col("", 0), (1, 1));
    }
}
