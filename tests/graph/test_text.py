"""Name normalization and validation."""

from __future__ import annotations

import unicodedata
from random import Random

from hypothesis import given
from hypothesis import strategies as st

from graph.errors import ErrorCode
from graph.text import (
    MAX_NAME_LENGTH,
    clean_name,
    clean_text,
    color_errors,
    name_errors,
    normalize_color,
    normalize_name,
)


def test_full_width_case_and_spaces_do_not_make_a_different_name() -> None:
    assert normalize_name("ＶＩＰ  客户 ") == normalize_name("vip 客户")


def test_different_chinese_names_stay_different() -> None:
    assert normalize_name("重要客户") != normalize_name("重点客户")


@given(st.text())
def test_normalization_is_idempotent(name: str) -> None:
    assert normalize_name(normalize_name(name)) == normalize_name(name)


def test_empty_and_over_long_names_are_errors() -> None:
    assert name_errors("   ", ("name",))[0].code is ErrorCode.INVALID_INPUT
    assert name_errors("客" * (MAX_NAME_LENGTH + 1), ("name",))[0].code is ErrorCode.NAME_TOO_LONG
    assert name_errors("客" * MAX_NAME_LENGTH, ("name",)) == []


def test_colours_are_hex_and_stored_in_long_upper_case_form() -> None:
    assert color_errors("#1e90ff", ("color",)) == []
    assert color_errors("red", ("color",))[0].code is ErrorCode.INVALID_COLOR
    assert color_errors("#12345", ("color",))[0].code is ErrorCode.INVALID_COLOR
    assert normalize_color("#abc") == "#AABBCC"


# Invisible characters a name may be sprinkled with: zero-width space, joiners, word joiner,
# BOM, soft hyphen, bidi controls, NUL, C0 and C1 controls (not the white space ones, such
# as tab or U+0085, which separate words).
# Then what shows as nothing in other categories: the combining grapheme joiner, a Mongolian
# and an emoji variation selector, Hangul fillers, the blank Braille pattern.
INVISIBLE = (
    "\u200b\u200c\u200d\u2060\ufeff\u00ad\u202e\u2066\x00\x01\x1b\x7f\x9f"
    "\u034f\u180b\ufe0f\u3164\uffa0\u2800"
)


def _is_invisible_or_control(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cf", "Cs")


@given(st.text())
def test_the_stored_form_is_idempotent(name: str) -> None:
    assert clean_name(clean_name(name)) == clean_name(name)


@given(st.text())
def test_no_control_or_zero_width_character_survives(name: str) -> None:
    for form in (clean_name(name), normalize_name(name)):
        assert not any(_is_invisible_or_control(ch) for ch in form)
        assert form == form.strip()
        assert "  " not in form
        assert unicodedata.normalize("NFKC", form) == form


@given(st.text())
def test_the_comparison_form_of_the_stored_form_is_the_comparison_form(name: str) -> None:
    # A name is checked for uniqueness as given and stored cleaned: both must compare alike.
    assert normalize_name(clean_name(name)) == normalize_name(name)


@given(
    st.text(st.characters(codec="utf-8", categories=("L", "N")), min_size=1),
    st.lists(st.sampled_from(INVISIBLE), min_size=1),
    st.randoms(use_true_random=False),
)
def test_invisible_characters_never_make_a_different_name(
    name: str, invisible: list[str], random: Random
) -> None:
    sprinkled = list(name)
    for ch in invisible:
        sprinkled.insert(random.randint(0, len(sprinkled)), ch)
    assert normalize_name("".join(sprinkled)) == normalize_name(name)


def test_zero_width_and_nul_names_are_empty_and_refused() -> None:
    assert normalize_name("V\u200bIP") == normalize_name("VIP")
    for name in ("\u200b", "\x00", "\ufeff\u200d", " \u2060 "):
        assert clean_name(name) == ""
        assert name_errors(name, ("name",))[0].code is ErrorCode.INVALID_INPUT


def test_customer_names_keep_their_full_width_forms_but_lose_invisible_characters() -> None:
    assert clean_text("深圳\u200b华强（集团）\x00 ＡＢＣ  ") == "深圳华强（集团） ＡＢＣ"


@given(st.text(max_size=40))
def test_cleaned_customer_names_are_stable_and_visible(name: str) -> None:
    cleaned = clean_text(name)
    assert clean_text(cleaned) == cleaned
    assert not any(unicodedata.category(ch) in ("Cc", "Cf", "Cs") for ch in cleaned)
