"""The digit-run splitter, optimised for speed, against a brute-force enumeration.

Both use the same per-cell validator (`splits._part`); only the enumeration differs, so any
pruning bug in the fast one shows up as a missing, extra or reordered split.
"""

from __future__ import annotations

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.formats import Kind
from gongkai.readers import splits as S
from gongkai.readers import values as V


def brute_force(text: str, kinds: tuple[Kind, ...]) -> list[tuple]:
    n = len(kinds)
    if n == 1:  # a whole printed cell is read as printed ("00" is 0), not as a slice of a run
        try:
            v = V.parse_number(text, kinds[0])
        except ValueError:
            return []
        return [] if v is V.BLANK else [(v,)]
    out = []
    for cuts in combinations(range(1, len(text)), n - 1):
        bounds = (0, *cuts, len(text))
        values = [S._part(text[a:b], k) for a, b, k in zip(bounds[:-1], bounds[1:], kinds, strict=True)]
        if all(v is not S._BAD for v in values):
            out.append(tuple(values))
    return out


runs = st.text(alphabet="0000123456789", min_size=1, max_size=11) | st.builds(
    lambda a, b: f"{a}-{b}", st.text(alphabet="0123456789", min_size=1, max_size=5),
    st.text(alphabet="0123456789", min_size=1, max_size=5))
kinds = st.lists(st.sampled_from([Kind.COUNT, Kind.COUNT, Kind.SIGNED, Kind.AMOUNT]), min_size=1, max_size=7)


@settings(max_examples=400)
@given(runs, kinds)
def test_fast_splitter_equals_brute_force(text, ks):
    ks = tuple(ks)
    assert repr(S._splits(text, ks)) == repr(brute_force(text, ks))


def test_the_documented_example():
    seven = (Kind.COUNT,) * 7
    splits = S._splits("640020470", seven)
    assert (64, 0, 0, 2, 0, 4, 70) in splits and len(splits) > 1  # the row's arithmetic picks among them
