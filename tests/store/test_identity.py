"""Resume codes and display names."""
import pytest

from itlead.store import identity


def test_resume_codes_have_enough_entropy_and_normalise():
    assert identity.CODE_BITS >= 40
    codes = {identity.new_code() for _ in range(2000)}
    assert len(codes) == 2000
    code = identity.new_code()
    assert len(code) == 11 and code[5] == "-"
    assert identity.code_hash(code.lower()) == identity.code_hash(code.replace("-", " "))
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
