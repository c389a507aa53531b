from bot.web.conversation_id import new_conversation_id, sign, verify


def test_a_signed_id_verifies_and_a_tampered_one_does_not():
    cid = new_conversation_id()
    cookie = sign(cid, "secret")
    assert verify(cookie, "secret") == cid
    assert verify(cookie, "other-secret") is None
    assert verify("someone-else" + cookie[cookie.index(".") :], "secret") is None
    assert verify(None, "secret") is None
    assert verify("no-dot", "secret") is None


def test_ids_are_random_and_long_enough_not_to_guess():
    ids = {new_conversation_id() for _ in range(1000)}
    assert len(ids) == 1000
    assert all(len(i) >= 24 for i in ids)
