"""Steps the attest tests share: an edit of one section, and the one mail sent on commit."""

from remiss.services.tjansteutlatande import tjansteutlatande_spara_avsnitt


def andra_avsnitt(tu, user, text: str, *, nyckel: str = "sammanfattning", bekraftat=False):
    """`user` saves `text` in one section from the version `tu` holds (as the page would:
    a stale `tu` meets Konflikt); `bekraftat` is the attest checkbox. Returns the document."""
    return tjansteutlatande_spara_avsnitt(
        user=user, tu=tu, nyckel=nyckel, text=text, bas_version=tu.version, bekraftat=bekraftat
    )


def mejlet_efter_commit(django_capture_on_commit_callbacks, mailoutbox, handling):
    """Run `handling()`, check that nothing is sent before the commit, commit, and return the
    one mail sent then."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        handling()
    assert mailoutbox == []
    for callback in callbacks:
        callback()
    (mail,) = mailoutbox
    return mail
