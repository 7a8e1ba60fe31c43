"""Split template text (read-also blocks, share/subscribe lines, credits, comment sections)
off an article body, in any of the languages we ship markers for, keeping every piece.

- `markers`: the marker phrases of `data/markers/<language>.txt`, their categories, and
  matching a block against them;
- `lines`: rules that tell a template line from the block alone (captions, bylines,
  datelines, newsletter small print, notices, labels in another language);
- `runs`: rules over several blocks (lists of linked headlines, teaser cards, repeats);
- `split`: the split itself, top to bottom, and the author's bio at the end.

The words the rules of `lines` look for are in `data/words/*.txt`.
"""

from newscrawl.extract.boilerplate.markers import (
    CATEGORIES,
    END_CATEGORIES,
    HEADING_CATEGORIES,
    LINE_CATEGORIES,
    Marker,
    MarkerMatch,
    load_markers,
    match_marker,
)
from newscrawl.extract.boilerplate.split import split

__all__ = [
    "CATEGORIES",
    "END_CATEGORIES",
    "HEADING_CATEGORIES",
    "LINE_CATEGORIES",
    "Marker",
    "MarkerMatch",
    "load_markers",
    "match_marker",
    "split",
]
