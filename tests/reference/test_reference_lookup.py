"""Looking systems and councils up by any code or name people actually use."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from joinedup.reference import System, UnknownCode, council, councils_in, system, systems


@pytest.mark.parametrize(
    ("previous", "current"), [("E54000052", "E54000063"), ("E54000053", "E54000064")]
)
def test_retired_codes_resolve_to_the_current_system(previous: str, current: str) -> None:
    assert system(previous).code == current
    assert previous in system(current).previous_codes
    assert [c.code for c in councils_in(previous)] == [c.code for c in councils_in(current)]


def test_lookup_by_ods_code_and_names() -> None:
    assert system("QXU").code == "E54000063"
    assert system("qnx").code == "E54000064"
    assert system("NHS Cheshire and Merseyside ICB").code == "E54000008"
    assert system("nhs cheshire and merseyside integrated care board").code == "E54000008"
    assert system("  Greater Manchester ").code == "E54000057"


def test_council_lookup_by_code_and_name() -> None:
    assert council("e10000012").name == "Essex"
    assert council(" city of london ").code == "E09000001"
    assert council("Bristol, City of").code == "E06000023"


def test_unknown_system_suggests_three_on_one_line() -> None:
    with pytest.raises(UnknownCode) as caught:
        system("NOPE")
    error = caught.value
    assert isinstance(error, LookupError)
    assert (error.kind, error.given) == ("system", "NOPE")
    assert len(error.suggestions) == 3
    assert all(s.startswith("E54") for s in error.suggestions)
    message = str(error)
    assert "\n" not in message
    assert message.startswith("Unknown system 'NOPE'. Did you mean: E54")
    assert message.endswith("?")


def test_suggestions_put_the_near_miss_first() -> None:
    with pytest.raises(UnknownCode) as caught:
        system("Surey Heartlands")
    assert caught.value.suggestions[0] == "E54000063 NHS Surrey Heartlands ICB"
    with pytest.raises(UnknownCode) as caught:
        council("Esex")
    assert caught.value.kind == "council"
    assert caught.value.suggestions[0] == "E10000012 Essex"
    assert len(caught.value.suggestions) == 3


def test_unknown_code_keeps_its_message_on_one_line_and_pickles() -> None:
    with pytest.raises(UnknownCode) as caught:
        council("line one\nline two")
    assert "\n" not in str(caught.value)
    copy = pickle.loads(pickle.dumps(caught.value))
    assert (copy.kind, copy.given, copy.suggestions, str(copy)) == (
        "council",
        "line one\nline two",
        caught.value.suggestions,
        str(caught.value),
    )


def test_councils_in_rejects_unknown_system() -> None:
    with pytest.raises(UnknownCode):
        councils_in("E54999999")


def _keys(item: System) -> list[str]:
    return [item.code, *item.previous_codes, item.ods_code, item.name, item.short_name]


@st.composite
def spelled_system_key(draw: st.DrawFn) -> tuple[System, str]:
    item = draw(st.sampled_from(systems()))
    key = draw(st.sampled_from(_keys(item)))
    upper = draw(st.lists(st.booleans(), min_size=len(key), max_size=len(key)))
    spelled = "".join(c.upper() if u else c.lower() for c, u in zip(key, upper, strict=True))
    space = st.text(alphabet=" \t\n\r\f\v\u00a0", max_size=4)
    return item, draw(space) + spelled + draw(space)


@given(spelled_system_key())
def test_any_casing_and_padding_of_any_key_finds_the_system(case: tuple[System, str]) -> None:
    item, key = case
    assert system(key) == item
