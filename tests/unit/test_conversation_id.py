from bot.web.conversation_id import new_conversation_id, read, sign, verify


def test_a_signed_id_verifies_and_a_tampered_one_does_not():
    cid = new_conversation_id()
    cookie = sign(cid, "secret")
    assert verify(cookie, "secret") == cid
    assert verify(cookie, "other-secret") is None
    assert verify("someone-else" + cookie[cookie.index(".") :], "secret") is None
    assert verify(None, "secret") is None
    assert verify("no-dot", "secret") is None


def test_the_issue_time_is_inside_the_signature_and_the_server_decides_the_expiry():
    cid = new_conversation_id()
    cookie = sign(cid, "secret", issued_at=1_000_000, generation="g1")
    assert verify(cookie, "secret", max_age_s=3600, now=1_000_000 + 3599) == cid
    assert verify(cookie, "secret", max_age_s=3600, now=1_000_000 + 3601) is None
    younger = cookie.replace(".1000000.", ".1003000.")  # a later issue time, same MAC
    assert verify(younger, "secret", max_age_s=3600, now=1_003_600) is None
    # issued in the future: refused
    assert verify(sign(cid, "secret", issued_at=2_000_000), "secret", now=1_000_000) is None


def test_a_new_generation_is_a_different_cookie_for_the_same_conversation():
    cid = new_conversation_id()
    first = read(sign(cid, "secret", generation="a"), "secret", 3600)
    second = read(sign(cid, "secret", generation="b"), "secret", 3600)
    assert first and second
    assert first.conversation_id == second.conversation_id
    assert first.generation != second.generation and first.key == second.key
    assert cid not in first.key


def test_ids_are_random_and_long_enough_not_to_guess():
    ids = {new_conversation_id() for _ in range(1000)}
    assert len(ids) == 1000
    assert all(len(i) >= 24 for i in ids)
