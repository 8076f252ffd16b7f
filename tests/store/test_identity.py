"""Resume codes and display names."""
import pytest

from itlead.store import identity


def test_resume_codes_have_enough_entropy_and_normalise():
    assert identity.CODE_BITS >= 40
    codes = {identity.new_code() for _ in range(2000)}
    assert len(codes) == 2000
    code = identity.new_code()
    assert len(code) == 11 and code[5] == "-"
    assert identity.code_hash(code.lower(), b"k") == identity.code_hash(code.replace("-", " "), b"k")
    assert identity.normalise("o1l2i-abcde") == "01121ABCDE"  # O, I and L read as digits
    for bad in ("", "short", "UUUUU-UUUUU", "<script>alert(1)</script>"):
        with pytest.raises(identity.InvalidCode):
            identity.normalise(bad)


def test_display_names():
    assert identity.clean_name("  Ana   Pérez ") == "Ana Pérez"
    with pytest.raises(ValueError):
        identity.clean_name("   ")
    with pytest.raises(ValueError):
        identity.clean_name("x" * 61)


def test_nicknames_are_normalised_so_none_can_impersonate_or_hide():
    """Finding 8: "Ali\u200bce" is "Alice"; invisible and right-to-left-override names are refused."""
    assert identity.clean_name("Ali\u200bce") == "Alice"
    assert identity.clean_name("\u202eecilA") == "ecilA"
    assert identity.clean_name("\uff21lice") == "Alice"  # fullwidth A, by NFKC
    for invisible in ("\u200b\u200c\u200d", "\u2060\ufeff", "\u202e\u202d", "\u3164", "\u115f\u1160", "\x00\x07"):
        with pytest.raises(ValueError):
            identity.clean_name(invisible)
    assert identity.nickname_key("ALICE") == identity.nickname_key("Ali\u200bce") == identity.nickname_key("alice ")
