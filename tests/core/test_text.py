"""core/text.py: JSON that a terminal shows as written."""

from __future__ import annotations

import json

from medborgarlofte.core.text import json_safe


def test_json_keeps_no_character_a_terminal_might_act_on_and_reads_back_the_same() -> None:
    hidden = "a\u200bb\u202ec\u2028d\x85e\ufefff\u061cg\x7fh"
    text = json_safe(
        json.dumps({"note": hidden, "ok": "Trygghetsvandring i Haparanda"}, ensure_ascii=False)
    )
    assert text == (
        '{"note": "a\\u200bb\\u202ec\\u2028d\\u0085e\\ufefff\\u061cg\\u007fh",'
        ' "ok": "Trygghetsvandring i Haparanda"}'
    )
    assert json.loads(text) == {"note": hidden, "ok": "Trygghetsvandring i Haparanda"}
