"""The top bar of every page (the main menu, the user's panel) leads to each place once, for every role."""

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from conftest import PERSONAS


class _NavLinks(HTMLParser):
    """The links of the page's ``<nav>``: ``[(href, text), …]`` (not the "#" of a drop-down's toggle)."""

    def __init__(self):
        super().__init__()
        self.links, self._depth, self._href, self._text = [], 0, None, []

    def handle_starttag(self, tag, attrs):
        if tag == "nav":
            self._depth += 1
        elif tag == "a" and self._depth:
            self._href, self._text = dict(attrs).get("href"), []

    def handle_endtag(self, tag):
        if tag == "nav":
            self._depth -= 1
        elif tag == "a" and self._href is not None:
            if self._href != "#":
                self.links.append((self._href, " ".join("".join(self._text).split())))
            self._href = None

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)


def _repeated(values):
    return sorted(value for value, count in Counter(values).items() if count > 1)


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_place_once_in_the_top_bar(persona, persona_client, world):
    # given: the home page as this role sees it
    response = persona_client(persona).get(reverse("core:home"), follow=True)
    assert response.status_code == 200
    parser = _NavLinks()
    parser.feed(response.content.decode())
    # then: no address and no label is offered twice ("Nhiệm vụ của tôi" was, in the menu and the user's panel)
    assert parser.links, "the top bar has links"
    assert _repeated(href for href, _label in parser.links) == []
    assert _repeated(label for _href, label in parser.links) == []
