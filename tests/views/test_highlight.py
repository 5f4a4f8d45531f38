"""highlight.render is linear in its marks: the same HTML as asking every mark at every cut
(the old, quadratic way, kept here as the reference), and a long article with 20,000 marks in
well under the seconds the old way took."""

from __future__ import annotations

import random
import time

from newsgraph.views.web import highlight
from newsgraph.views.web.highlight import Mark


def reference(text: str, marks: list[Mark], focus: tuple[int, int] | None) -> str:
    """The quadratic render this module used to do: for every segment, every mark is asked."""
    usable = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    if focus is not None and not (0 <= focus[0] < focus[1] <= len(text)):
        focus = None
    cuts = sorted({0, len(text), *(m.start for m in usable), *(m.end for m in usable), *(focus or ())})
    starting: dict[int, list[Mark]] = {}
    for m in sorted(usable, key=lambda m: (m.start, -m.end)):
        starting.setdefault(m.start, []).append(m)
    out = []
    for left, right in zip(cuts, cuts[1:]):
        if focus and left == focus[0]:
            out.append('<a class="anchor" id="focus"></a>')
        out.extend(f'<a class="anchor" id="span-{m.name}"></a>' for m in starting.get(left, []))
        active = [m for m in usable if m.start <= left and m.end >= right]
        out.append(highlight._segment(text[left:right], active, bool(focus and focus[0] <= left and right <= focus[1])))
    return "".join(out)


def test_render_matches_the_reference_on_random_overlaps() -> None:
    rng = random.Random(7)
    for _ in range(300):
        n = rng.randrange(0, 200)
        text = "".join(rng.choice("ab <&>\"'\n") for _ in range(n))
        marks = [
            Mark(a, a + rng.randrange(-1, 40), rng.choice("mqes"), f"x{i}", f"label {i % 4}", rng.choice(["", "st-condemn"]), rng.choice([None, "/actors/RUS"]))
            for i, a in enumerate(rng.randrange(-2, n + 3) for _ in range(rng.randrange(0, 25)))
        ]
        focus = rng.choice([None, (rng.randrange(0, n + 1), rng.randrange(0, n + 2))])
        assert str(highlight.render(text, marks, focus)) == reference(text, marks, focus)


def test_a_long_article_with_many_marks_renders_in_linear_time() -> None:
    text = "word " * 200_000  # a million characters
    marks = [Mark(i * 50, i * 50 + 20, "m", f"m{i}", "Mention") for i in range(20_000)]
    marks.append(Mark(0, len(text), "s", "s0", "Stance"))  # one span over everything
    began = time.perf_counter()
    html = highlight.render(text, marks, (100, 120))
    assert time.perf_counter() - began < 4  # about 0.5 s; the quadratic way took over 20 s
    assert html.count('class="anchor"') == 20_002
